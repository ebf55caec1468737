package io.demostream.pipeline.parse;

import io.demostream.events.AnalyticProjector;
import io.demostream.events.AnalyticUser;
import io.demostream.events.UserEventAttributes;
import io.demostream.events.Validated;
import io.demostream.events.ValidationError;
import io.demostream.events.metrics.PipelineCounters;
import java.time.Instant;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Validates each message with {@link AnalyticProjector} and keeps only the analytic projection:
 * valid users under {@link #USERS}, everything else under {@link #DEAD_LETTERS} with the reason.
 * Never throws for bad input, so one bad message cannot stall the stream.
 *
 * <p>The reader (on Dataflow {@link io.demostream.pipeline.source.AssignEventTimes}, which
 * dead-letters the rejected ones itself) stamps each message with its event time (see {@link
 * io.demostream.pipeline.source.EventTimePolicy}); a valid user whose timestamp differs was
 * rejected there: stamped earlier, its event time is too far in the future ({@code OUT_OF_RANGE});
 * stamped later, it is behind the watermark by more than the allowed lateness or older than the
 * maximum event age ({@code LATE}, counted in {@link #LATE_COUNTER} as well).
 */
public final class ParseUserEvents
    extends PTransform<PCollection<PubsubMessage>, PCollectionTuple> {

  public static final TupleTag<AnalyticUser> USERS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  /** Metric namespace of the counters below. */
  public static final String METRICS_NAMESPACE = PipelineCounters.NAMESPACE;

  public static final String PARSED_COUNTER = PipelineCounters.USERS_PARSED;
  public static final String DEAD_LETTERED_COUNTER = PipelineCounters.USERS_DEAD_LETTERED;

  /** Users dead-lettered because their windows had closed: part of the dead-lettered count. */
  public static final String LATE_COUNTER = PipelineCounters.USERS_LATE;

  /**
   * The total of one of this transform's counters ({@link #PARSED_COUNTER}, {@link
   * #DEAD_LETTERED_COUNTER}) over every step that reports it, as the runner has attempted it.
   */
  public static long counterTotal(PipelineResult result, String counterName) {
    long total = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(METRICS_NAMESPACE, counterName))
                    .build())
            .getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }

  @Override
  public PCollectionTuple expand(PCollection<PubsubMessage> messages) {
    PCollectionTuple parsed =
        messages.apply(
            "ProjectUsers",
            ParDo.of(new ProjectUserFn()).withOutputTags(USERS, TupleTagList.of(DEAD_LETTERS)));
    parsed.get(USERS).setCoder(AnalyticUserCoder.of());
    parsed.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of());
    return parsed;
  }

  static final class ProjectUserFn extends DoFn<PubsubMessage, AnalyticUser> {

    private final Counter parsed = Metrics.counter(METRICS_NAMESPACE, PARSED_COUNTER);
    private final Counter deadLettered = Metrics.counter(METRICS_NAMESPACE, DEAD_LETTERED_COUNTER);
    private final Counter late = Metrics.counter(METRICS_NAMESPACE, LATE_COUNTER);

    @ProcessElement
    public void processElement(
        @Element PubsubMessage message,
        @Timestamp org.joda.time.Instant timestamp,
        MultiOutputReceiver out) {
      Map<String, String> attributes =
          message.getAttributeMap() == null ? Map.of() : message.getAttributeMap();
      Validated<AnalyticUser> user =
          stampedAtEventTime(
              AnalyticProjector.project(message.getPayload(), attributes), timestamp);
      if (user.isValid()) {
        parsed.inc();
        out.get(USERS).output(user.value());
        return;
      }
      deadLettered.inc();
      if (user.errors().get(0).reason() == ValidationError.Reason.LATE) {
        late.inc();
      }
      out.get(DEAD_LETTERS)
          .output(
              new DeadLetter(
                  Instant.now(),
                  DeadLetter.eventTimeOf(attributes.get(UserEventAttributes.EVENT_TIME)),
                  user.errorSummary(),
                  DeadLetter.payloadOf(message.getPayload()),
                  attributes));
    }

    /** The user, unless the reader stamped it with something other than its event time. */
    private static Validated<AnalyticUser> stampedAtEventTime(
        Validated<AnalyticUser> user, org.joda.time.Instant timestamp) {
      if (!user.isValid()) {
        return user;
      }
      long eventMillis = user.value().eventTime().toEpochMilli();
      if (eventMillis == timestamp.getMillis()) {
        return user;
      }
      String field = "attributes." + UserEventAttributes.EVENT_TIME;
      return Validated.invalid(
          eventMillis > timestamp.getMillis()
              ? new ValidationError(
                  field,
                  ValidationError.Reason.OUT_OF_RANGE,
                  "more than the allowed skew (--maxFutureSkew) after the message was published")
              : new ValidationError(
                  field,
                  ValidationError.Reason.LATE,
                  "too old: every window of this time had closed (behind the watermark by more"
                      + " than --allowedLateness), or older than --maxEventAge when published"));
    }
  }
}
