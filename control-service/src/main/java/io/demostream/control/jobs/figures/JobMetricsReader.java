package io.demostream.control.jobs.figures;

import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.dataflow.DataflowJobMetricsReader;
import io.demostream.control.jobs.flink.FlinkRestJobMetricsReader;
import io.demostream.control.jobs.local.LocalJobMetricsReader;

/**
 * Reads a running job's figures from where it runs: Dataflow's job metrics API ({@link
 * DataflowJobMetricsReader}), a Flink JobManager's REST API ({@link FlinkRestJobMetricsReader}), or
 * the file a local pipeline process writes ({@link LocalJobMetricsReader}). Each launcher's
 * configuration hands over its own reader; {@link PipelineMetricsExporter} and {@link
 * JobFiguresLookup} use the one there is.
 */
public interface JobMetricsReader {

  /**
   * Reads the job's current figures.
   *
   * @throws RuntimeException when the source cannot be reached or answers nothing usable; the
   *     exporter then reports the figures as stale
   */
  JobFigures read(LaunchedJob job);
}
