package io.demostream.pipeline.aggregate;

import io.demostream.events.metrics.PipelineCounters;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.pipeline.sink.WarehouseRow;
import java.time.Instant;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Gauge;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;

/**
 * Turns one fired pane of an aggregate into a warehouse row: the window bounds, the pane's timing
 * and index, the emission time and the pipeline incarnation, then the aggregate's own columns. Each
 * on-time pane also sets the gauge {@value #ON_TIME_WINDOW_END_GAUGE} to its window's end: an
 * on-time pane fires once the watermark passed the window, so the gauge is a lower bound of the
 * output watermark on runners that report no watermark of their own.
 *
 * <p>A pane without users carries nothing and is not written. Every window key holds at least one
 * user, but embedded Flink, when a job is stopped with drain, fires a second on-time pane for each
 * still open window key after the real one, from state already cleared: index 0 and no users. Left
 * in, it would tie with a real first pane on index and, being emitted later, replace it as the
 * latest.
 */
abstract class PaneRowFn<K, V extends UserAccumulator<V>> extends DoFn<KV<K, V>, WarehouseRow> {

  /** Gauge (namespace {@code demographics}) read by the control-service as the watermark. */
  public static final String ON_TIME_WINDOW_END_GAUGE = PipelineCounters.ON_TIME_WINDOW_END;

  /** Counter (namespace {@code demographics}) of panes without users, which are not written. */
  public static final String EMPTY_PANES_COUNTER = PipelineCounters.EMPTY_PANES_SKIPPED;

  private final Gauge onTimeWindowEnd =
      Metrics.gauge(PipelineCounters.NAMESPACE, ON_TIME_WINDOW_END_GAUGE);
  private final Counter emptyPanes =
      Metrics.counter(PipelineCounters.NAMESPACE, EMPTY_PANES_COUNTER);
  private final String tableName;
  private final String incarnationId;

  PaneRowFn(WarehouseTable table, String incarnationId) {
    this.tableName = table.name();
    this.incarnationId = incarnationId;
  }

  /** Sets the aggregate's own columns. */
  abstract void setValues(K key, V value, WarehouseRow.Builder row);

  @ProcessElement
  public void processElement(
      @Element KV<K, V> pane,
      BoundedWindow window,
      PaneInfo paneInfo,
      OutputReceiver<WarehouseRow> out) {
    if (pane.getValue().users() == 0) {
      emptyPanes.inc();
      return;
    }
    IntervalWindow interval = (IntervalWindow) window;
    WarehouseRow.Builder row =
        WarehouseRow.builder(WarehouseTables.byName(tableName))
            .set(WarehouseTables.WINDOW_START, Instant.ofEpochMilli(interval.start().getMillis()))
            .set(WarehouseTables.WINDOW_END, Instant.ofEpochMilli(interval.end().getMillis()))
            .set(WarehouseTables.PANE_TIMING, timing(paneInfo).name())
            .set(WarehouseTables.PANE_INDEX, paneInfo.getIndex())
            .set(WarehouseTables.EMITTED_AT, Instant.now())
            .set(WarehouseTables.JOB_ID, incarnationId);
    if (timing(paneInfo) == PaneInfo.Timing.ON_TIME) {
      onTimeWindowEnd.set(interval.end().getMillis());
    }
    setValues(pane.getKey(), pane.getValue(), row);
    out.output(row.build());
  }

  /**
   * The pane's timing; {@code UNKNOWN} (a runner that evaluates no trigger in batch, such as
   * Flink's batch translation of a backfill, fires each window once with all its users) is the
   * window's on-time pane.
   */
  private static PaneInfo.Timing timing(PaneInfo paneInfo) {
    return paneInfo.getTiming() == PaneInfo.Timing.UNKNOWN
        ? PaneInfo.Timing.ON_TIME
        : paneInfo.getTiming();
  }
}
