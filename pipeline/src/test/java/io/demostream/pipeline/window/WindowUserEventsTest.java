package io.demostream.pipeline.window;

import static io.demostream.pipeline.testing.Rows.ageBand;
import static io.demostream.pipeline.testing.Rows.countryGender;
import static io.demostream.pipeline.testing.Rows.summary;
import static io.demostream.pipeline.testing.TestUsers.at;
import static io.demostream.pipeline.testing.TestUsers.jodaAt;
import static io.demostream.pipeline.testing.TestUsers.malformedAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.pipeline.aggregate.AggregateDemographics;
import io.demostream.pipeline.aggregate.DroppedLateUsers;
import io.demostream.pipeline.parse.DeadLetter;
import io.demostream.pipeline.parse.ParseUserEvents;
import io.demostream.pipeline.testing.Rows;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Windowing and triggering through the real parse and aggregation steps, driven by {@link
 * TestStream}: one-minute fixed windows from {@code T0}, one minute of allowed lateness, early
 * panes every ten seconds of processing time.
 */
@RunWith(JUnit4.class)
public class WindowUserEventsTest {

  private static final Duration MINUTE = Duration.standardMinutes(1);
  private static final WindowSpec FIXED =
      WindowSpec.fixed(MINUTE, MINUTE, Duration.standardSeconds(10));
  private static final IntervalWindow FIRST = new IntervalWindow(jodaAt(0), jodaAt(60));
  private static final IntervalWindow SECOND = new IntervalWindow(jodaAt(60), jodaAt(120));
  private static final IntervalWindow THIRD = new IntervalWindow(jodaAt(120), jodaAt(180));

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static TestStream.Builder<PubsubMessage> stream() {
    return TestStream.create(PubsubMessageWithAttributesCoder.of());
  }

  /** Runs parse, window and aggregate; returns the parse output and the aggregates. */
  private PCollectionTuple[] apply(TestStream<PubsubMessage> events, WindowSpec spec) {
    PCollectionTuple parsed = pipeline.apply(events).apply(new ParseUserEvents());
    PCollectionTuple rows =
        parsed
            .get(ParseUserEvents.USERS)
            .apply(new WindowUserEvents(spec))
            .apply(new AggregateDemographics(Rows.JOB_ID));
    return new PCollectionTuple[] {parsed, rows};
  }

  private static PCollection<String> described(PCollectionTuple rows, String tag) {
    var tagged =
        switch (tag) {
          case "summary" -> AggregateDemographics.SUMMARY;
          case "countryGender" -> AggregateDemographics.BY_COUNTRY_GENDER;
          default -> AggregateDemographics.BY_AGE_BAND;
        };
    return rows.get(tagged).apply("Describe" + tag, MapElements.via(new Rows.Describe()));
  }

  private static PCollection<String> errors(PCollectionTuple parsed) {
    return parsed
        .get(ParseUserEvents.DEAD_LETTERS)
        .apply(
            "DeadLetterErrors", MapElements.into(TypeDescriptors.strings()).via(DeadLetter::error));
  }

  @Test
  public void onTimePaneCountsEveryUserOfTheWindowAndMalformedGoesToDeadLetter() {
    TestStream<PubsubMessage> events =
        stream()
            // Three users and one malformed message inside the first minute.
            .addElements(
                at(5, "u1", "male", 30, 2, "Norway"),
                at(20, "u2", "male", 40, 4, "Norway"),
                at(50, "u3", "female", 20, 6, "Spain"),
                malformedAt(30, "bad1"))
            // The watermark passes the end of the first window: its on-time pane fires.
            .advanceWatermarkTo(jodaAt(61))
            .advanceWatermarkToInfinity();
    PCollectionTuple[] out = apply(events, FIXED);

    PAssert.that(described(out[1], "summary"))
        .inOnTimePane(FIRST)
        .containsInAnyOrder(summary(0, 60, "ON_TIME", 0, 3, 2, 1, 0, 30.0, 4.0));
    PAssert.that(described(out[1], "countryGender"))
        .inOnTimePane(FIRST)
        .containsInAnyOrder(
            countryGender(0, 60, "ON_TIME", 0, "Norway", "male", 2, 35.0, 3.0),
            countryGender(0, 60, "ON_TIME", 0, "Spain", "female", 1, 20.0, 6.0));
    PAssert.that(described(out[1], "ageBand"))
        .inOnTimePane(FIRST)
        .containsInAnyOrder(
            ageBand(0, 60, "ON_TIME", 0, "25-34", 1),
            ageBand(0, 60, "ON_TIME", 0, "35-44", 1),
            ageBand(0, 60, "ON_TIME", 0, "18-24", 1));
    PAssert.that(errors(out[0]))
        .satisfies(
            errors -> {
              assertThat(errors).singleElement().asString().startsWith("data: INVALID_JSON");
              return null;
            });
    pipeline.run();
  }

  @Test
  public void earlyPaneFiresBeforeTheWatermarkAndPanesAccumulate() {
    TestStream<PubsubMessage> events =
        stream()
            // One user arrives; eleven seconds of processing time pass: an early pane with 1.
            .addElements(at(5, "u1", "female", 30, 2, "Chile"))
            .advanceProcessingTime(Duration.standardSeconds(11))
            // A second user, then the watermark passes the window: on-time pane with both.
            .addElements(at(10, "u2", "female", 50, 4, "Chile"))
            .advanceWatermarkTo(jodaAt(61))
            .advanceWatermarkToInfinity();
    PCollectionTuple[] out = apply(events, FIXED);

    PAssert.that(described(out[1], "summary"))
        .inWindow(FIRST)
        .containsInAnyOrder(
            summary(0, 60, "EARLY", 0, 1, 0, 1, 0, 30.0, 2.0),
            summary(0, 60, "ON_TIME", 1, 2, 0, 2, 0, 40.0, 3.0));
    PAssert.that(errors(out[0])).empty();
    pipeline.run();
  }

  @Test
  public void lateUserInsideLatenessUpdatesWindow() {
    TestStream<PubsubMessage> events =
        stream()
            .addElements(at(5, "u1", "male", 30, 2, "Peru"), at(15, "u2", "male", 32, 2, "Peru"))
            // The on-time pane fires with two users.
            .advanceWatermarkTo(jodaAt(90))
            // A user of the first window arrives 30 s after its end, within the minute of
            // lateness: a late pane carries all three.
            .addElements(at(40, "u3", "female", 60, 10, "Peru"))
            .advanceWatermarkToInfinity();
    PCollectionTuple[] out = apply(events, FIXED);
    PCollection<String> summaries = described(out[1], "summary");

    PAssert.that(summaries)
        .inWindow(FIRST)
        .containsInAnyOrder(
            summary(0, 60, "ON_TIME", 0, 2, 2, 0, 0, 31.0, 2.0),
            summary(0, 60, "LATE", 1, 3, 2, 1, 0, 122.0 / 3, 14.0 / 3));
    PAssert.that(errors(out[0])).empty();
    pipeline.run();
  }

  @Test
  public void userBeyondLatenessIsDroppedAndCounted() {
    TestStream<PubsubMessage> events =
        stream()
            .addElements(at(5, "u1", "male", 30, 2, "Peru"))
            // The watermark passes the window end plus the minute of lateness: the window closes.
            .advanceWatermarkTo(jodaAt(180))
            // This user of the first window is too late to count.
            .addElements(at(30, "u2", "female", 70, 3, "Peru"))
            .advanceWatermarkToInfinity();
    PCollectionTuple[] out = apply(events, FIXED);

    PAssert.that(described(out[1], "summary"))
        .inWindow(FIRST)
        .containsInAnyOrder(summary(0, 60, "ON_TIME", 0, 1, 1, 0, 0, 30.0, 2.0));
    PAssert.that(errors(out[0])).empty();
    PipelineResult result = pipeline.run();

    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
    long droppedInAllSteps = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      if (DroppedLateUsers.isLatenessCounter(counter)) {
        droppedInAllSteps += counter.getAttempted();
      }
    }
    // Each of the three aggregations drops and counts the one late user.
    assertThat(droppedInAllSteps).isEqualTo(3);
    assertThat(DroppedLateUsers.count(metrics)).isEqualTo(1L);
  }

  @Test
  public void slidingWindowsCountAUserInEachOverlappingWindow() {
    WindowSpec sliding =
        WindowSpec.sliding(
            Duration.standardMinutes(2), MINUTE, MINUTE, Duration.standardSeconds(10));
    TestStream<PubsubMessage> events =
        stream()
            // One user at 90 s belongs to the windows [0, 120) and [60, 180).
            .addElements(at(90, "u1", "female", 44, 1, "India"))
            .advanceWatermarkToInfinity();
    PCollectionTuple[] out = apply(events, sliding);

    PAssert.that(described(out[1], "summary"))
        .containsInAnyOrder(
            summary(0, 120, "ON_TIME", 0, 1, 0, 1, 0, 44.0, 1.0),
            summary(60, 180, "ON_TIME", 0, 1, 0, 1, 0, 44.0, 1.0));
    PAssert.that(errors(out[0])).empty();
    pipeline.run();
  }

  @Test
  public void otherOrUnknownGenderIsCountedApart() {
    TestStream<PubsubMessage> events =
        stream()
            // A non-binary and an empty gender count as other; the split still adds up.
            .addElements(
                at(1, "u1", "non-binary", 25, 1, "Iran"),
                at(2, "u2", "", 35, 3, "Iran"),
                at(3, "u3", "male", 45, 5, "Iran"))
            .advanceWatermarkToInfinity();
    PCollectionTuple[] out = apply(events, FIXED);

    PAssert.that(described(out[1], "summary"))
        .inOnTimePane(FIRST)
        .containsInAnyOrder(summary(0, 60, "ON_TIME", 0, 3, 1, 0, 2, 35.0, 3.0));
    PAssert.that(described(out[1], "countryGender"))
        .inOnTimePane(FIRST)
        .containsInAnyOrder(
            countryGender(0, 60, "ON_TIME", 0, "Iran", "other", 2, 30.0, 2.0),
            countryGender(0, 60, "ON_TIME", 0, "Iran", "male", 1, 45.0, 5.0));
    PAssert.that(errors(out[0])).empty();
    pipeline.run();
  }

  @Test
  public void windowWithoutUsersEmitsNothing() {
    TestStream<PubsubMessage> events =
        stream()
            // Users in the first and third minute, none in the second.
            .addElements(at(10, "u1", "male", 30, 1, "Brazil"))
            .advanceWatermarkTo(jodaAt(125))
            .addElements(at(130, "u2", "female", 40, 2, "Brazil"))
            .advanceWatermarkToInfinity();
    PCollectionTuple[] out = apply(events, FIXED);
    PCollection<String> summaries = described(out[1], "summary");

    PAssert.that(summaries).inWindow(SECOND).empty();
    PAssert.that(described(out[1], "ageBand")).inWindow(SECOND).empty();
    PAssert.that(summaries)
        .containsInAnyOrder(
            summary(0, 60, "ON_TIME", 0, 1, 1, 0, 0, 30.0, 1.0),
            summary(120, 180, "ON_TIME", 0, 1, 0, 1, 0, 40.0, 2.0));
    PAssert.that(summaries)
        .inOnTimePane(THIRD)
        .containsInAnyOrder(summary(120, 180, "ON_TIME", 0, 1, 0, 1, 0, 40.0, 2.0));
    PAssert.that(errors(out[0])).empty();
    pipeline.run();
  }
}
