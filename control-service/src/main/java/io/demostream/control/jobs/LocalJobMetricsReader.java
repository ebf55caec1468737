package io.demostream.control.jobs;

import io.demostream.events.metrics.PipelineMetricsSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Reads a local job's figures from the metrics file its pipeline process rewrites every few seconds
 * in the job folder ({@code <data-dir>/jobs/<job>.metrics.json}, passed as {@code --metricsFile} by
 * {@link LocalLauncher}). A process that hangs or died stops rewriting it, which shows as stale
 * figures.
 */
public class LocalJobMetricsReader implements JobMetricsReader {

  private final Path jobsDir;

  public LocalJobMetricsReader(Path dataDir) {
    this.jobsDir = dataDir.toAbsolutePath().normalize().resolve("jobs");
  }

  /** Where the pipeline of job {@code name} writes its metrics. */
  static Path metricsFile(Path jobsDir, String name) {
    return jobsDir.resolve(name + ".metrics.json");
  }

  @Override
  public String launcherType() {
    return "local";
  }

  @Override
  public JobFigures read(LaunchedJob job) {
    Path file = metricsFile(jobsDir, job.name());
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "Job " + job.id() + " has written no metrics yet (" + file + ")");
    }
    return figures(PipelineMetricsSnapshot.read(file));
  }

  static JobFigures figures(PipelineMetricsSnapshot snapshot) {
    Long windowEnd = snapshot.gauge(JobFigures.NAMESPACE, JobFigures.ON_TIME_WINDOW_END);
    // Beam reports a counter once it was first incremented: absent from a fresh snapshot is 0.
    return new JobFigures(
        zeroIfAbsent(snapshot.counter(JobFigures.NAMESPACE, JobFigures.USERS_PARSED)),
        zeroIfAbsent(snapshot.counter(JobFigures.NAMESPACE, JobFigures.DEAD_LETTERS)),
        zeroIfAbsent(snapshot.counterInAnyNamespace(JobFigures.DROPPED_DUE_TO_LATENESS)),
        windowEnd == null ? null : Instant.ofEpochMilli(windowEnd),
        Instant.ofEpochMilli(snapshot.measuredAtMillis()));
  }

  private static long zeroIfAbsent(Long value) {
    return value == null ? 0 : value;
  }
}
