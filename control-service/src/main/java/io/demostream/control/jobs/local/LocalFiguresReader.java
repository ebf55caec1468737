package io.demostream.control.jobs.local;

import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.figures.PipelineFigures;
import io.demostream.control.jobs.figures.PipelineFiguresReader;
import io.demostream.control.jobs.flink.FlinkRestFiguresReader;
import io.demostream.events.metrics.PipelineCounters;
import io.demostream.events.metrics.PipelineMetricsSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a local job's figures: while an embedded Flink job runs in its pipeline process, live from
 * that cluster's REST API ({@link FlinkRestFiguresReader} on {@link
 * LocalLauncher#embeddedFlinkJob}); otherwise from the metrics file its pipeline process writes in
 * the job folder ({@code <data-dir>/jobs/<job>.metrics.json}, passed as {@code --metricsFile} by
 * {@link LocalLauncher}): every few seconds on the DirectRunner, once at the end on Flink. A
 * process that hangs or died stops rewriting it, and a Flink job that is starting or restarting has
 * neither source: both show as stale figures, never as zeros.
 */
public class LocalFiguresReader implements PipelineFiguresReader {

  // Embedded Flink's run() blocks, so its pipeline writes the metrics file only when it ends; while
  // it runs, its figures come from the embedded cluster's REST API instead.
  private static final Duration FLINK_REST_TIMEOUT = Duration.ofSeconds(5);

  private final Path jobsDir;
  private final Function<String, Optional<LocalLauncher.EmbeddedFlinkJob>> embeddedFlink;
  private final Clock clock;
  private volatile FlinkReader lastFlinkReader;

  /**
   * @param embeddedFlink the running embedded-Flink job of a local job, if it has one ({@link
   *     LocalLauncher#embeddedFlinkJob})
   */
  public LocalFiguresReader(
      Path dataDir,
      Function<String, Optional<LocalLauncher.EmbeddedFlinkJob>> embeddedFlink,
      Clock clock) {
    this.jobsDir = dataDir.toAbsolutePath().normalize().resolve("jobs");
    this.embeddedFlink = embeddedFlink;
    this.clock = clock;
  }

  /** A reader of metrics files only (DirectRunner jobs). */
  public LocalFiguresReader(Path dataDir) {
    this(dataDir, id -> Optional.empty(), Clock.systemUTC());
  }

  /** Where the pipeline of job {@code name} writes its metrics. */
  static Path metricsFile(Path jobsDir, String name) {
    return jobsDir.resolve(name + ".metrics.json");
  }

  @Override
  public PipelineFigures read(LaunchedJob job) {
    Optional<LocalLauncher.EmbeddedFlinkJob> flink = embeddedFlink.apply(job.id());
    if (flink.isPresent()) {
      return flinkReader(flink.get()).read(job);
    }
    Path file = metricsFile(jobsDir, job.name());
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "Job " + job.id() + " has written no metrics yet (" + file + ")");
    }
    return figures(PipelineMetricsSnapshot.read(file));
  }

  /** The reader of this embedded job, kept while it runs so that its HTTP client is reused. */
  private FlinkRestFiguresReader flinkReader(LocalLauncher.EmbeddedFlinkJob flink) {
    FlinkReader last = lastFlinkReader;
    if (last == null || !last.job().equals(flink)) {
      last =
          new FlinkReader(
              flink,
              new FlinkRestFiguresReader(
                  flink.restUrl(),
                  "local",
                  launched -> flink.flinkJobId(),
                  FLINK_REST_TIMEOUT,
                  clock));
      lastFlinkReader = last;
    }
    return last.reader();
  }

  private record FlinkReader(LocalLauncher.EmbeddedFlinkJob job, FlinkRestFiguresReader reader) {}

  static PipelineFigures figures(PipelineMetricsSnapshot snapshot) {
    Long windowEnd =
        snapshot.gauge(PipelineCounters.NAMESPACE, PipelineCounters.ON_TIME_WINDOW_END);
    // Beam reports a counter once it was first incremented: absent from a fresh snapshot is 0.
    return new PipelineFigures(
        zeroIfAbsent(snapshot.counter(PipelineCounters.NAMESPACE, PipelineCounters.USERS_PARSED)),
        zeroIfAbsent(
            snapshot.counter(PipelineCounters.NAMESPACE, PipelineCounters.USERS_DEAD_LETTERED)),
        zeroIfAbsent(snapshot.counterInAnyNamespace(PipelineCounters.DROPPED_DUE_TO_LATENESS)),
        windowEnd == null ? null : Instant.ofEpochMilli(windowEnd),
        Instant.ofEpochMilli(snapshot.measuredAtMillis()),
        // Only a backfill reads files; a stream never reports these.
        snapshot.counter(PipelineCounters.NAMESPACE, PipelineCounters.LINES_READ),
        snapshot.counter(PipelineCounters.NAMESPACE, PipelineCounters.DUPLICATES_REMOVED));
  }

  private static long zeroIfAbsent(Long value) {
    return value == null ? 0 : value;
  }
}
