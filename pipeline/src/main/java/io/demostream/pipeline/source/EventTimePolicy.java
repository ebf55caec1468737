package io.demostream.pipeline.source;

import io.demostream.events.AnalyticProjector;
import io.demostream.events.UserEventAttributes;
import io.demostream.events.Validated;
import io.demostream.pipeline.window.WindowSpec;
import java.io.Serializable;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Decides the timestamp of each Pub/Sub message from its {@code event_time} attribute, in place of
 * Beam's timestamp attribute, which throws inside the reader (and stops the pipeline) for a message
 * without a parsable one. Every message gets a timestamp and flows on; the ones whose event time
 * cannot be used are stamped so that {@code ParseUserEvents} sends them to the dead letter with the
 * reason:
 *
 * <ul>
 *   <li>missing, empty or unparsable: stamped with the publish time (the projector names the
 *       fault);
 *   <li>more than {@link #maxFutureSkew()} after the publish time: stamped with the publish time,
 *       which is earlier than the event time, so the parser reports it as from the future;
 *   <li>more than {@link #maxEventAge()} before the publish time (when set): stamped with the
 *       publish time, which is later than the event time, so the parser reports it as late;
 *   <li>so old that every window it belongs to has expired ({@link WindowSpec#allowedLateness()}
 *       behind the reader's watermark): stamped with the watermark, which is later than the event
 *       time, so the parser reports it as late instead of the aggregation dropping it unseen.
 * </ul>
 *
 * <p>The rules depend only on the message and the publish time Pub/Sub recorded, except lateness,
 * which depends on the watermark as it must. On Dataflow, whose native reader stamps the publish
 * time, {@link AssignEventTimes} applies {@link #stampAfterRead} after the read instead.
 */
public record EventTimePolicy(
    Duration maxFutureSkew, Duration maxEventAge, WindowSpec window, Duration watermarkSamplePeriod)
    implements Serializable {

  /**
   * Beam's own estimate for Pub/Sub: the oldest timestamp read in the last minute, which tolerates
   * a minute of out-of-order delivery and keeps the watermark (and every on-time pane) a minute
   * behind.
   */
  public static final Duration BEAM_SAMPLE_PERIOD = Duration.standardMinutes(1);

  /** With Beam's one-minute watermark estimate. */
  public EventTimePolicy(Duration maxFutureSkew, Duration maxEventAge, WindowSpec window) {
    this(maxFutureSkew, maxEventAge, window, BEAM_SAMPLE_PERIOD);
  }

  /**
   * @param maxEventAge {@link Duration#ZERO} for no limit
   * @param watermarkSamplePeriod the watermark is the oldest event time read within this period
   *     (see {@link EventTimeSource})
   */
  public EventTimePolicy {
    if (watermarkSamplePeriod.isShorterThan(Duration.standardSeconds(1))) {
      throw new IllegalArgumentException(
          "--watermarkSamplePeriod must be at least 1s, got " + watermarkSamplePeriod);
    }
    if (maxFutureSkew.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          "--maxFutureSkew must not be negative, got " + maxFutureSkew);
    }
    if (maxEventAge.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("--maxEventAge must not be negative, got " + maxEventAge);
    }
  }

  /** What the reader does with one message. */
  public enum Verdict {
    /** Stamped with its event time. */
    EVENT_TIME,
    /** No usable event time: stamped with the publish time. */
    UNUSABLE,
    /** Event time beyond the future skew: stamped with the publish time. */
    FUTURE,
    /**
     * Event time behind every window that could still take it (stamped with the watermark) or older
     * than the maximum age (stamped with the publish time).
     */
    LATE
  }

  /**
   * @param timestamp the element timestamp to emit
   * @param eventTime the parsed event time, null when {@link Verdict#UNUSABLE}
   */
  public record Stamp(Verdict verdict, Instant timestamp, @Nullable Instant eventTime) {}

  /**
   * @param publishTime when Pub/Sub accepted the message
   * @param watermark the reader's current watermark
   */
  public Stamp stamp(
      @Nullable Map<String, String> attributes, Instant publishTime, Instant watermark) {
    String text = attributes == null ? null : attributes.get(UserEventAttributes.EVENT_TIME);
    Validated<java.time.Instant> parsed = AnalyticProjector.eventTime(text);
    if (!parsed.isValid() || !representable(parsed.value())) {
      return new Stamp(Verdict.UNUSABLE, publishTime, null);
    }
    Instant eventTime = new Instant(parsed.value().toEpochMilli());
    if (eventTime.isAfter(publishTime.plus(maxFutureSkew))) {
      return new Stamp(Verdict.FUTURE, publishTime, eventTime);
    }
    if (maxEventAge.isLongerThan(Duration.ZERO)
        && eventTime.isBefore(publishTime.minus(maxEventAge))) {
      return new Stamp(Verdict.LATE, publishTime, eventTime);
    }
    if (isExpired(eventTime, watermark)) {
      return new Stamp(Verdict.LATE, watermark, eventTime);
    }
    return new Stamp(Verdict.EVENT_TIME, eventTime, eventTime);
  }

  /**
   * The verdict of {@link AssignEventTimes}, the step after a read that stamps every message with
   * its publish time (Dataflow's native Pub/Sub reader): the rules of {@link #stamp} with the
   * publish time in place of the watermark, so that the event time may lie at most the allowed
   * lateness ({@link WindowSpec#allowedLateness()}, the step's allowed timestamp skew) before the
   * publish time. A user that passes is therefore never behind the pipeline's watermark by more
   * than the allowed lateness while the watermark trails the publish times, and the aggregation
   * keeps it (late pane at worst). Rejected messages keep the publish time.
   *
   * <ul>
   *   <li>missing, empty or unparsable: {@link Verdict#UNUSABLE};
   *   <li>more than {@link #maxFutureSkew()} after the publish time: {@link Verdict#FUTURE};
   *   <li>more than the allowed lateness, or more than {@link #maxEventAge()} (when set), before
   *       the publish time: {@link Verdict#LATE}.
   * </ul>
   */
  public Stamp stampAfterRead(@Nullable Map<String, String> attributes, Instant publishTime) {
    String text = attributes == null ? null : attributes.get(UserEventAttributes.EVENT_TIME);
    Validated<java.time.Instant> parsed = AnalyticProjector.eventTime(text);
    if (!parsed.isValid()) {
      return new Stamp(Verdict.UNUSABLE, publishTime, null);
    }
    if (!representable(parsed.value())) {
      return new Stamp(
          parsed.value().isBefore(MIN) ? Verdict.LATE : Verdict.FUTURE, publishTime, null);
    }
    Instant eventTime = new Instant(parsed.value().toEpochMilli());
    if (eventTime.isAfter(publishTime.plus(maxFutureSkew))) {
      return new Stamp(Verdict.FUTURE, publishTime, eventTime);
    }
    if (eventTime.isBefore(publishTime.minus(window.allowedLateness()))
        || (maxEventAge.isLongerThan(Duration.ZERO)
            && eventTime.isBefore(publishTime.minus(maxEventAge)))) {
      return new Stamp(Verdict.LATE, publishTime, eventTime);
    }
    return new Stamp(Verdict.EVENT_TIME, eventTime, eventTime);
  }

  /**
   * True when the last window holding {@code eventTime} is past its garbage-collection time at
   * {@code watermark}: the aggregation would drop the user (the rule of Beam's late-data dropping,
   * {@code maxTimestamp + allowedLateness < watermark}).
   */
  boolean isExpired(Instant eventTime, Instant watermark) {
    long size = window.size().getMillis();
    long period = window.period().getMillis();
    long lastStart = Math.floorDiv(eventTime.getMillis(), period) * period;
    long maxTimestamp = lastStart + size - 1;
    return maxTimestamp + window.allowedLateness().getMillis() < watermark.getMillis();
  }

  /** Beam timestamps span about ±292,000 years; epoch millis must not overflow either. */
  private static boolean representable(java.time.Instant instant) {
    return !instant.isBefore(MIN) && !instant.isAfter(MAX);
  }

  private static final java.time.Instant MIN = java.time.Instant.parse("0001-01-01T00:00:00Z");
  private static final java.time.Instant MAX = java.time.Instant.parse("9999-12-31T23:59:59Z");
}
