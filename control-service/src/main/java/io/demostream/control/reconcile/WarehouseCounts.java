package io.demostream.control.reconcile;

import java.time.Instant;

/**
 * Reads what one pipeline incarnation ({@code job_id}) wrote: the latest pane of each of its
 * windows in {@code window_summary}, and its {@code dead_letter} rows. Only the incarnation's own
 * rows: the views combine incarnations, a run's summary must not.
 */
public interface WarehouseCounts {

  /** Dead letters whose error starts so are pane rows BigQuery rejected, not messages. */
  String SINK_REJECTION_PREFIX = "bigquery.";

  /**
   * @param runStarted when the run began: its incarnation wrote nothing for windows long before (a
   *     partition filter on BigQuery reads only the days from then)
   */
  IncarnationCounts count(String incarnationId, WindowTiling tiling, Instant runStarted);
}
