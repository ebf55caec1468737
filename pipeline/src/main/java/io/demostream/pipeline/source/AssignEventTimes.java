package io.demostream.pipeline.source;

import io.demostream.events.AnalyticProjector;
import io.demostream.events.AnalyticUser;
import io.demostream.events.UserEventAttributes;
import io.demostream.events.Validated;
import io.demostream.events.ValidationError;
import io.demostream.pipeline.parse.DeadLetter;
import io.demostream.pipeline.parse.DeadLetterCoder;
import io.demostream.pipeline.parse.ParseUserEvents;
import java.util.Map;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Moves each message read with its publish time (Dataflow's native Pub/Sub reader, read without a
 * timestamp attribute so that no message can make it fail) to its {@code event_time}, as {@link
 * EventTimePolicy#stampAfterRead} decides: good messages under {@link #STAMPED} at their event
 * time, the others under {@link #DEAD_LETTERS} with the reason. The event time may lie up to the
 * allowed lateness before the publish time (this step's allowed timestamp skew) and up to {@code
 * --maxFutureSkew} after it.
 *
 * <p>A dead letter carries the same error as {@code ParseUserEvents} would have written for the
 * message on a local runner: the projector's errors when the message is invalid anyway (bad JSON,
 * no attributes, ...), else the event-time fault ({@code attributes.event_time: MISSING}, {@code
 * UNPARSABLE_DATE}, {@code OUT_OF_RANGE} or {@code LATE}). Each failure kind has its counter, and
 * every dead letter counts in {@link ParseUserEvents#DEAD_LETTERED_COUNTER} (the {@code LATE} ones
 * in {@link ParseUserEvents#LATE_COUNTER} too), so a run reconciles the same on every runner.
 */
public final class AssignEventTimes
    extends PTransform<PCollection<PubsubMessage>, PCollectionTuple> {

  public static final TupleTag<PubsubMessage> STAMPED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  /** Counters of the failure kinds, in {@link ParseUserEvents#METRICS_NAMESPACE}. */
  public static final String MISSING_COUNTER = "event_time_missing";

  public static final String UNPARSABLE_COUNTER = "event_time_unparsable";
  public static final String FUTURE_COUNTER = "event_time_future";
  public static final String TOO_OLD_COUNTER = "event_time_too_old";

  private final EventTimePolicy policy;

  public AssignEventTimes(EventTimePolicy policy) {
    this.policy = policy;
  }

  @Override
  public PCollectionTuple expand(PCollection<PubsubMessage> published) {
    PCollectionTuple stamped =
        published.apply(
            "StampEventTimes",
            ParDo.of(new AssignEventTimeFn(policy))
                .withOutputTags(STAMPED, TupleTagList.of(DEAD_LETTERS)));
    stamped.get(STAMPED).setCoder(PubsubMessageWithAttributesCoder.of());
    stamped.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of());
    return stamped;
  }

  static final class AssignEventTimeFn extends DoFn<PubsubMessage, PubsubMessage> {

    private static final String NAMESPACE = ParseUserEvents.METRICS_NAMESPACE;
    private static final String FIELD = "attributes." + UserEventAttributes.EVENT_TIME;

    private final EventTimePolicy policy;
    private final Counter missing = Metrics.counter(NAMESPACE, MISSING_COUNTER);
    private final Counter unparsable = Metrics.counter(NAMESPACE, UNPARSABLE_COUNTER);
    private final Counter future = Metrics.counter(NAMESPACE, FUTURE_COUNTER);
    private final Counter tooOld = Metrics.counter(NAMESPACE, TOO_OLD_COUNTER);
    private final Counter deadLettered =
        Metrics.counter(NAMESPACE, ParseUserEvents.DEAD_LETTERED_COUNTER);
    private final Counter late = Metrics.counter(NAMESPACE, ParseUserEvents.LATE_COUNTER);

    AssignEventTimeFn(EventTimePolicy policy) {
      this.policy = policy;
    }

    /** Messages may move back by up to the allowed lateness (the policy's bound). */
    @Override
    @SuppressWarnings("deprecation") // the documented way to move elements back in time
    public Duration getAllowedTimestampSkew() {
      return policy.window().allowedLateness();
    }

    @ProcessElement
    public void processElement(
        @Element PubsubMessage message, @Timestamp Instant publishTime, MultiOutputReceiver out) {
      Map<String, String> attributes =
          message.getAttributeMap() == null ? Map.of() : message.getAttributeMap();
      EventTimePolicy.Stamp stamp = policy.stampAfterRead(attributes, publishTime);
      if (stamp.verdict() == EventTimePolicy.Verdict.EVENT_TIME) {
        out.get(STAMPED).outputWithTimestamp(message, stamp.timestamp());
        return;
      }
      Validated<java.time.Instant> eventTime =
          AnalyticProjector.eventTime(attributes.get(UserEventAttributes.EVENT_TIME));
      ValidationError fault = fault(stamp.verdict(), eventTime);
      switch (fault.reason()) {
        case MISSING -> missing.inc();
        case UNPARSABLE_DATE -> unparsable.inc();
        case OUT_OF_RANGE -> future.inc();
        default -> tooOld.inc();
      }
      // The same error ParseUserEvents writes: the message's own faults first, if it has any.
      Validated<AnalyticUser> user = AnalyticProjector.project(message.getPayload(), attributes);
      ValidationError first = user.isValid() ? fault : user.errors().get(0);
      deadLettered.inc();
      if (first.reason() == ValidationError.Reason.LATE) {
        late.inc();
      }
      out.get(DEAD_LETTERS)
          .output(
              new DeadLetter(
                  java.time.Instant.now(),
                  DeadLetter.eventTimeOf(attributes.get(UserEventAttributes.EVENT_TIME)),
                  user.isValid() ? Validated.invalid(fault).errorSummary() : user.errorSummary(),
                  DeadLetter.payloadOf(message.getPayload()),
                  attributes));
    }

    private static ValidationError fault(
        EventTimePolicy.Verdict verdict, Validated<java.time.Instant> eventTime) {
      return switch (verdict) {
        case UNUSABLE -> eventTime.errors().get(0);
        case FUTURE ->
            new ValidationError(
                FIELD,
                ValidationError.Reason.OUT_OF_RANGE,
                "more than the allowed skew (--maxFutureSkew) after the message was published");
        default ->
            new ValidationError(
                FIELD,
                ValidationError.Reason.LATE,
                "too old: more than --allowedLateness (or --maxEventAge) before the message was"
                    + " published");
      };
    }
  }
}
