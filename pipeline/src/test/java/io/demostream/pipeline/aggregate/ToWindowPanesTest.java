package io.demostream.pipeline.aggregate;

import static io.demostream.pipeline.testing.TestUsers.at;
import static io.demostream.pipeline.testing.TestUsers.jodaAt;

import io.demostream.events.panes.WindowPaneMessage;
import io.demostream.pipeline.parse.ParseUserEvents;
import io.demostream.pipeline.window.WindowSpec;
import io.demostream.pipeline.window.WindowUserEvents;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The panes topic's messages: one per fired pane of each window, with every cell of the window,
 * timed and indexed like the warehouse rows, through the real parse and windowing steps.
 */
@RunWith(JUnit4.class)
public class ToWindowPanesTest {

  private static final Duration MINUTE = Duration.standardMinutes(1);
  private static final WindowSpec FIXED =
      WindowSpec.fixed(MINUTE, MINUTE, Duration.standardSeconds(10));
  private static final IntervalWindow FIRST = new IntervalWindow(jodaAt(0), jodaAt(60));

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** A message as text: timing, index, the attribute, and each cell. */
  static final class Describe extends SimpleFunction<PubsubMessage, String> {
    @Override
    public String apply(PubsubMessage message) {
      WindowPaneMessage pane = WindowPaneMessage.fromJson(message.getPayload());
      StringBuilder text =
          new StringBuilder()
              .append(pane.incarnationId())
              .append(' ')
              .append((pane.windowStartMillis() - jodaAt(0).getMillis()) / 1000)
              .append('-')
              .append((pane.windowEndMillis() - jodaAt(0).getMillis()) / 1000)
              .append(' ')
              .append(pane.paneTiming())
              .append('#')
              .append(pane.paneIndex())
              .append(" attr=")
              .append(message.getAttribute(WindowPaneMessage.PANE_TIMING_ATTRIBUTE));
      pane.cells().stream()
          .sorted((a, b) -> (a.country() + a.gender()).compareTo(b.country() + b.gender()))
          .forEach(
              c ->
                  text.append(
                      String.format(
                          " %s/%s:%d/%.0f/%.0f",
                          c.country(), c.gender(), c.users(), c.ageSum(), c.registeredAgeSum())));
      pane.ageBands().stream()
          .sorted((a, b) -> a.ageBand().compareTo(b.ageBand()))
          .forEach(b -> text.append(' ').append(b.ageBand()).append(':').append(b.users()));
      return text.toString();
    }
  }

  private PCollection<String> panes(TestStream<PubsubMessage> events) {
    PCollectionTuple parsed = pipeline.apply(events).apply(new ParseUserEvents());
    return parsed
        .get(ParseUserEvents.USERS)
        .apply(new WindowUserEvents(FIXED))
        .apply(new ToWindowPanes("job-1"))
        .apply(MapElements.via(new Describe()));
  }

  @Test
  public void everyPaneOfAWindowIsOneMessageWithAllItsCells() {
    TestStream<PubsubMessage> events =
        TestStream.create(PubsubMessageWithAttributesCoder.of())
            // One user; eleven seconds of processing time: an early pane with her alone.
            .addElements(at(5, "u1", "female", 30, 2, "Chile"))
            .advanceProcessingTime(Duration.standardSeconds(11))
            // Two more users in two other cells, then the watermark passes: the on-time pane.
            .addElements(
                at(10, "u2", "male", 50, 4, "Chile"), at(20, "u3", "female", 20, 6, "Norway"))
            .advanceWatermarkTo(jodaAt(61))
            .advanceWatermarkToInfinity();

    PAssert.that(panes(events))
        .inWindow(FIRST)
        .containsInAnyOrder(
            "job-1 0-60 EARLY#0 attr=EARLY Chile/female:1/30/2 25-34:1",
            "job-1 0-60 ON_TIME#1 attr=ON_TIME Chile/female:1/30/2 Chile/male:1/50/4"
                + " Norway/female:1/20/6 18-24:1 25-34:1 45-54:1");
    pipeline.run();
  }

  @Test
  public void lateUserInsideLatenessPublishesALatePaneOfTheWholeWindow() {
    TestStream<PubsubMessage> events =
        TestStream.create(PubsubMessageWithAttributesCoder.of())
            .addElements(at(5, "u1", "female", 30, 2, "Chile"))
            // The window closes on time with one user.
            .advanceWatermarkTo(jodaAt(61))
            // A user of the first window arrives within the allowed lateness: a late pane.
            .addElements(at(30, "u2", "male", 40, 3, "Chile"))
            .advanceWatermarkToInfinity();

    PAssert.that(panes(events))
        .inWindow(FIRST)
        .containsInAnyOrder(
            "job-1 0-60 ON_TIME#0 attr=ON_TIME Chile/female:1/30/2 25-34:1",
            "job-1 0-60 LATE#1 attr=LATE Chile/female:1/30/2 Chile/male:1/40/3"
                + " 25-34:1 35-44:1");
    pipeline.run();
  }
}
