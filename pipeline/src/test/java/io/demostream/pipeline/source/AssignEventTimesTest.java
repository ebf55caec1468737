package io.demostream.pipeline.source;

import static io.demostream.pipeline.testing.TestUsers.T0;
import static io.demostream.pipeline.testing.TestUsers.jodaAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.UserEventAttributes;
import io.demostream.events.UserEventMessages;
import io.demostream.pipeline.parse.DeadLetter;
import io.demostream.pipeline.parse.ParseUserEvents;
import io.demostream.pipeline.testing.TestUsers;
import io.demostream.pipeline.window.WindowSpec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The step after Dataflow's native read: messages arrive at their publish time (the element
 * timestamp of {@link TestStream}) and leave at their event time, or as dead letters with the
 * reason. One-minute fixed windows from {@code T0}, five minutes of allowed lateness (the allowed
 * skew back from the publish time), five minutes of future skew.
 */
@RunWith(JUnit4.class)
public class AssignEventTimesTest {

  private static final Duration MINUTE = Duration.standardMinutes(1);
  private static final Duration LATENESS = Duration.standardMinutes(5);
  private static final WindowSpec WINDOW =
      WindowSpec.fixed(MINUTE, LATENESS, Duration.standardSeconds(10));
  private static final EventTimePolicy POLICY =
      new EventTimePolicy(Duration.standardMinutes(5), Duration.standardDays(7), WINDOW);
  private static final IntervalWindow FIRST = new IntervalWindow(jodaAt(0), jodaAt(60));

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** A valid user whose {@code event_time} is {@code eventSeconds} after {@code T0}. */
  private static PubsubMessage user(String id, long eventMillisAfterT0) {
    return TestUsers.pubsub(id, T0.plusMillis(eventMillisAfterT0), "female", 30, 2, "Norway");
  }

  private static PubsubMessage withEventTime(PubsubMessage message, String eventTime) {
    Map<String, String> attributes = new HashMap<>(message.getAttributeMap());
    if (eventTime == null) {
      attributes.remove(UserEventAttributes.EVENT_TIME);
    } else {
      attributes.put(UserEventAttributes.EVENT_TIME, eventTime);
    }
    return new PubsubMessage(message.getPayload(), attributes);
  }

  /** Published {@code seconds} after {@code T0}: the timestamp the native reader gives. */
  private static TimestampedValue<PubsubMessage> publishedAt(
      double seconds, PubsubMessage message) {
    return TimestampedValue.of(message, new Instant(T0.toEpochMilli() + (long) (seconds * 1000)));
  }

  private static String id(PubsubMessage message) {
    return message.getAttribute(UserEventAttributes.EVENT_ID);
  }

  /** {@code id@millis after T0} of every stamped message. */
  private static PCollection<String> stampedAt(PCollectionTuple assigned) {
    return assigned
        .get(AssignEventTimes.STAMPED)
        .apply(
            "DescribeStamps",
            ParDo.of(
                new DoFn<PubsubMessage, String>() {
                  @ProcessElement
                  public void describe(
                      @Element PubsubMessage message,
                      @Timestamp Instant timestamp,
                      OutputReceiver<String> out) {
                    out.output(id(message) + "@" + (timestamp.getMillis() - T0.toEpochMilli()));
                  }
                }));
  }

  /** {@code id error} of every dead letter. */
  private static PCollection<String> deadLetters(PCollectionTuple assigned) {
    return assigned
        .get(AssignEventTimes.DEAD_LETTERS)
        .apply(
            "DescribeDeadLetters",
            MapElements.into(TypeDescriptors.strings())
                .via(
                    (DeadLetter d) ->
                        d.attributes().get(UserEventAttributes.EVENT_ID) + " " + d.error()));
  }

  /** Users per pane of one-minute windows, late panes accumulating as in the pipeline. */
  private static PCollection<Long> usersPerPane(PCollectionTuple assigned) {
    return assigned
        .get(AssignEventTimes.STAMPED)
        .apply(
            "WindowUsers",
            Window.<PubsubMessage>into(FixedWindows.of(MINUTE))
                .triggering(
                    AfterWatermark.pastEndOfWindow()
                        .withLateFirings(AfterPane.elementCountAtLeast(1)))
                .withAllowedLateness(LATENESS)
                .accumulatingFiredPanes())
        .apply("CountUsers", Combine.globally(Count.<PubsubMessage>combineFn()).withoutDefaults());
  }

  private static long counter(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(ParseUserEvents.METRICS_NAMESPACE, name))
                    .build())
            .getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }

  @Test
  public void goodUsersMoveToTheirEventTimeAndBrokenOnesAreDeadLetteredWithTheirReason() {
    TestStream<PubsubMessage> published =
        TestStream.create(PubsubMessageWithAttributesCoder.of())
            // Inside the first minute: a user published 2 s after its event, and the four
            // kinds of broken event time, all published at 20 s.
            .addElements(
                publishedAt(12, user("good", 10_000)),
                publishedAt(20, withEventTime(user("missing", 0), null)),
                publishedAt(20, withEventTime(user("unparsable", 0), "yesterday")),
                // Ten minutes ahead of its publish time: beyond the five-minute future skew.
                publishedAt(20, user("future", 600_000)),
                // Six minutes before its publish time: beyond the allowed lateness.
                publishedAt(20, user("old", -340_000)))
            // The watermark (publish times on Dataflow) passes the first window: on-time pane.
            .advanceWatermarkTo(jodaAt(61))
            // A user delivered 20 s after its event: moved back behind the watermark, it
            // updates the first window in a late pane instead of being dropped.
            .addElements(publishedAt(70, user("delayed", 50_000)))
            // Exactly the allowed lateness before its publish time: still taken (the first
            // window closes for good only at 59.999 s + 5 min); one millisecond more is too old.
            .addElements(
                publishedAt(300, user("edge", 0)), publishedAt(300.001, user("beyond", -1)))
            .advanceWatermarkToInfinity();

    PCollectionTuple assigned = pipeline.apply(published).apply(new AssignEventTimes(POLICY));

    PAssert.that(stampedAt(assigned)).containsInAnyOrder("good@10000", "delayed@50000", "edge@0");
    PCollection<Long> usersPerPane = usersPerPane(assigned);
    PAssert.that(usersPerPane).inOnTimePane(FIRST).containsInAnyOrder(1L);
    // Then one late pane per delivery: the delayed user, then the edge one (accumulating).
    PAssert.that(usersPerPane).inWindow(FIRST).containsInAnyOrder(1L, 2L, 3L);
    PAssert.that(deadLetters(assigned))
        .satisfies(
            letters -> {
              assertThat(letters)
                  .hasSize(5)
                  .anySatisfy(
                      l -> assertThat(l).startsWith("missing attributes.event_time: MISSING"))
                  .anySatisfy(
                      l -> assertThat(l).startsWith("unparsable attributes.event_time: UNPARSABLE"))
                  .anySatisfy(
                      l -> assertThat(l).startsWith("future attributes.event_time: OUT_OF_RANGE"))
                  .anySatisfy(l -> assertThat(l).startsWith("old attributes.event_time: LATE"))
                  .anySatisfy(l -> assertThat(l).startsWith("beyond attributes.event_time: LATE"));
              return null;
            });
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    assertThat(counter(result, AssignEventTimes.MISSING_COUNTER)).isEqualTo(1);
    assertThat(counter(result, AssignEventTimes.UNPARSABLE_COUNTER)).isEqualTo(1);
    assertThat(counter(result, AssignEventTimes.FUTURE_COUNTER)).isEqualTo(1);
    assertThat(counter(result, AssignEventTimes.TOO_OLD_COUNTER)).isEqualTo(2);
    // The run summaries reconcile with the parser's counters, which these join.
    assertThat(counter(result, ParseUserEvents.DEAD_LETTERED_COUNTER)).isEqualTo(5);
    assertThat(counter(result, ParseUserEvents.LATE_COUNTER)).isEqualTo(2);
  }

  @Test
  public void aMessageInvalidAnywayIsDeadLetteredWithItsOwnFaultsAsOnLocalRunners() {
    Map<String, String> futureAttributes = new HashMap<>(user("bad-json", 0).getAttributeMap());
    futureAttributes.put(
        UserEventAttributes.EVENT_TIME,
        UserEventMessages.EVENT_TIME_FORMAT.format(T0.plusSeconds(3600)));
    TestStream<PubsubMessage> published =
        TestStream.create(PubsubMessageWithAttributesCoder.of())
            // Not JSON and an hour ahead: the parser's reason comes first, as on a local runner.
            .addElements(
                publishedAt(
                    0,
                    new PubsubMessage(
                        "{not json".getBytes(StandardCharsets.UTF_8), futureAttributes)),
                // No attributes at all: the projector names the missing id, as the corpus expects.
                publishedAt(0, new PubsubMessage("{}".getBytes(StandardCharsets.UTF_8), null)))
            .advanceWatermarkToInfinity();

    PCollectionTuple assigned = pipeline.apply(published).apply(new AssignEventTimes(POLICY));

    PAssert.that(assigned.get(AssignEventTimes.STAMPED)).empty();
    PAssert.that(
            assigned
                .get(AssignEventTimes.DEAD_LETTERS)
                .apply(
                    "Errors", MapElements.into(TypeDescriptors.strings()).via(DeadLetter::error)))
        .satisfies(
            errors -> {
              assertThat(errors)
                  .hasSize(2)
                  .anySatisfy(e -> assertThat(e).startsWith("data: INVALID_JSON"))
                  .anySatisfy(e -> assertThat(e).startsWith("attributes.event_id: MISSING"));
              return null;
            });
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    assertThat(counter(result, AssignEventTimes.FUTURE_COUNTER)).isEqualTo(1);
    assertThat(counter(result, AssignEventTimes.MISSING_COUNTER)).isEqualTo(1);
    assertThat(counter(result, ParseUserEvents.LATE_COUNTER)).isZero();
  }
}
