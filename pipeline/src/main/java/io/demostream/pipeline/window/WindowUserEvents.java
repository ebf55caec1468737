package io.demostream.pipeline.window;

import io.demostream.events.AnalyticUser;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.PCollection;

/**
 * Assigns users to event-time windows and sets when panes fire: early panes every {@link
 * WindowSpec#earlyFiringInterval()} of processing time while the window is open, the on-time pane
 * when the watermark passes its end, then a late pane for each late user within {@link
 * WindowSpec#allowedLateness()}. Panes accumulate, so each carries the window's whole value so far
 * and readers keep the latest pane.
 *
 * <p>The Pub/Sub reader already sends users whose windows had all closed at its watermark to the
 * dead letter ({@link io.demostream.pipeline.source.EventTimePolicy}). Users found later than the
 * allowed lateness only here, against the slower watermark of all readers, are dropped by the
 * aggregation's GroupByKey, which counts them in Beam's own lateness counter ({@code
 * DroppedDueToLateness} on the DirectRunner, {@code droppedDueToLateness} on Dataflow) for each
 * aggregation step (see the module README).
 */
public final class WindowUserEvents
    extends PTransform<PCollection<AnalyticUser>, PCollection<AnalyticUser>> {

  private final WindowSpec spec;

  public WindowUserEvents(WindowSpec spec) {
    this.spec = spec;
  }

  @Override
  public PCollection<AnalyticUser> expand(PCollection<AnalyticUser> users) {
    return users.apply(
        "AssignWindows",
        Window.<AnalyticUser>into(windowFn())
            .triggering(
                AfterWatermark.pastEndOfWindow()
                    .withEarlyFirings(
                        AfterProcessingTime.pastFirstElementInPane()
                            .plusDelayOf(spec.earlyFiringInterval()))
                    .withLateFirings(AfterPane.elementCountAtLeast(1)))
            .withAllowedLateness(spec.allowedLateness(), Window.ClosingBehavior.FIRE_IF_NON_EMPTY)
            // Every window gets its ON_TIME pane, even when an early pane already held all users.
            .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_ALWAYS)
            .accumulatingFiredPanes());
  }

  private WindowFn<Object, IntervalWindow> windowFn() {
    return switch (spec.type()) {
      case FIXED -> FixedWindows.of(spec.size());
      case SLIDING -> SlidingWindows.of(spec.size()).every(spec.period());
    };
  }
}
