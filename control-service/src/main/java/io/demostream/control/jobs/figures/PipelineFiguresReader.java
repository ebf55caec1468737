package io.demostream.control.jobs.figures;

import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.dataflow.DataflowFiguresReader;
import io.demostream.control.jobs.flink.FlinkRestFiguresReader;
import io.demostream.control.jobs.local.LocalFiguresReader;

/**
 * Reads a running job's figures from where it runs: Dataflow's job metrics API ({@link
 * DataflowFiguresReader}), a Flink JobManager's REST API ({@link FlinkRestFiguresReader}), or the
 * file a local pipeline process writes ({@link LocalFiguresReader}). Each launcher's configuration
 * hands over its own reader; {@link PipelineFiguresExporter} and {@link PipelineFiguresLookup} use
 * the one there is.
 */
public interface PipelineFiguresReader {

  /**
   * Reads the job's current figures.
   *
   * @throws RuntimeException when the source cannot be reached or answers nothing usable; the
   *     exporter then reports the figures as stale
   */
  PipelineFigures read(LaunchedJob job);
}
