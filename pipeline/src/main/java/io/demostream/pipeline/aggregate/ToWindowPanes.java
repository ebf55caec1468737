package io.demostream.pipeline.aggregate;

import io.demostream.events.AnalyticUser;
import io.demostream.events.metrics.PipelineCounters;
import io.demostream.events.panes.WindowPaneMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * One Pub/Sub message per fired pane of every window: all the window's cells at once (users and age
 * sums per country and gender, users per age band) as user-events' {@link WindowPaneMessage}, with
 * the pane's timing, index and the incarnation. A per-window {@link Combine#perKey} on the windowed
 * users, so it fires with the same trigger as the warehouse tables' aggregates: a reader judges a
 * whole window from one message, and a country absent from it had no users in the window. The
 * attribute {@value WindowPaneMessage#PANE_TIMING_ATTRIBUTE} carries the timing for filtering.
 */
public final class ToWindowPanes
    extends PTransform<PCollection<AnalyticUser>, PCollection<PubsubMessage>> {

  private final String incarnationId;

  public ToWindowPanes(String incarnationId) {
    this.incarnationId = incarnationId;
  }

  @Override
  public PCollection<PubsubMessage> expand(PCollection<AnalyticUser> users) {
    return users
        .apply("KeyPaneByWindow", MapElements.via(new AggregateDemographics.KeyByWindowOnly()))
        .setCoder(KvCoder.of(VoidCoder.of(), users.getCoder()))
        .apply("CombineWindowPane", Combine.perKey(new WindowPaneFn()))
        .apply("ToPaneMessages", ParDo.of(new PaneMessageFn(incarnationId)))
        .setCoder(PubsubMessageWithAttributesCoder.of());
  }

  /** All cells of a window; the accumulator coder is explicit so that combiner lifting works. */
  static final class WindowPaneFn
      extends Combine.CombineFn<AnalyticUser, WindowPaneAccumulator, WindowPaneAccumulator> {

    @Override
    public WindowPaneAccumulator createAccumulator() {
      return new WindowPaneAccumulator();
    }

    @Override
    public WindowPaneAccumulator addInput(WindowPaneAccumulator cells, AnalyticUser user) {
      cells.add(
          user.country(),
          user.gender().columnValue(),
          user.age(),
          user.registeredAge(),
          user.ageBand().label());
      return cells;
    }

    @Override
    public WindowPaneAccumulator mergeAccumulators(Iterable<WindowPaneAccumulator> accumulators) {
      WindowPaneAccumulator merged = new WindowPaneAccumulator();
      accumulators.forEach(merged::merge);
      return merged;
    }

    @Override
    public WindowPaneAccumulator extractOutput(WindowPaneAccumulator cells) {
      return cells;
    }

    @Override
    public Coder<WindowPaneAccumulator> getAccumulatorCoder(
        CoderRegistry registry, Coder<AnalyticUser> inputCoder) {
      return SerializableCoder.of(WindowPaneAccumulator.class);
    }

    @Override
    public Coder<WindowPaneAccumulator> getDefaultOutputCoder(
        CoderRegistry registry, Coder<AnalyticUser> inputCoder) {
      return SerializableCoder.of(WindowPaneAccumulator.class);
    }
  }

  /** The pane as a message; a pane without users (see {@link PaneRowFn}) is not published. */
  static final class PaneMessageFn extends DoFn<KV<Void, WindowPaneAccumulator>, PubsubMessage> {

    private final Counter published =
        Metrics.counter(PipelineCounters.NAMESPACE, PipelineCounters.PANES_PUBLISHED);
    private final String incarnationId;

    PaneMessageFn(String incarnationId) {
      this.incarnationId = incarnationId;
    }

    @ProcessElement
    public void processElement(
        @Element KV<Void, WindowPaneAccumulator> pane,
        BoundedWindow window,
        PaneInfo paneInfo,
        OutputReceiver<PubsubMessage> out) {
      WindowPaneAccumulator cells = pane.getValue();
      if (cells.users() == 0) {
        return;
      }
      IntervalWindow interval = (IntervalWindow) window;
      List<WindowPaneMessage.Cell> cellList = new ArrayList<>();
      for (Map.Entry<String, double[]> e : cells.cells.entrySet()) {
        String[] key = e.getKey().split("\u0000", 2);
        double[] v = e.getValue();
        cellList.add(new WindowPaneMessage.Cell(key[0], key[1], (long) v[0], v[1], v[2]));
      }
      List<WindowPaneMessage.AgeBandCell> bands = new ArrayList<>();
      cells.ageBands.forEach(
          (band, users) -> bands.add(new WindowPaneMessage.AgeBandCell(band, users)));
      String timing =
          paneInfo.getTiming() == PaneInfo.Timing.UNKNOWN
              ? PaneInfo.Timing.ON_TIME.name()
              : paneInfo.getTiming().name();
      WindowPaneMessage message =
          new WindowPaneMessage(
              incarnationId,
              interval.start().getMillis(),
              interval.end().getMillis(),
              timing,
              paneInfo.getIndex(),
              System.currentTimeMillis(),
              cellList,
              bands);
      published.inc();
      out.output(
          new PubsubMessage(
              message.toJson(), Map.of(WindowPaneMessage.PANE_TIMING_ATTRIBUTE, timing)));
    }
  }
}
