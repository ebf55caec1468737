package io.demostream.control.jobs;

/**
 * Reads a running job's figures from where it runs: Dataflow's job metrics API ({@link
 * DataflowJobMetricsReader}), a Flink JobManager's REST API ({@link FlinkRestJobMetricsReader}), or
 * the file a local pipeline process writes ({@link LocalJobMetricsReader}). One implementation per
 * launcher type; {@link PipelineMetricsExporter} picks the one of the configured launcher.
 */
public interface JobMetricsReader {

  /** The {@link PipelineLauncher#type()} whose jobs this reads. */
  String launcherType();

  /**
   * Reads the job's current figures.
   *
   * @throws RuntimeException when the source cannot be reached or answers nothing usable; the
   *     exporter then reports the figures as stale
   */
  JobFigures read(LaunchedJob job);
}
