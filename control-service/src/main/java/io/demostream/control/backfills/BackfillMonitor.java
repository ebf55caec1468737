package io.demostream.control.backfills;

import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.PipelineLauncher;
import io.demostream.control.jobs.figures.PipelineFigures;
import io.demostream.control.jobs.figures.PipelineFiguresReader;
import io.demostream.control.reconcile.IncarnationCounts;
import io.demostream.control.reconcile.WarehouseCounts;
import io.demostream.control.reconcile.WindowTiling;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows running backfills on its own schedule, from the database, so a restarted or second
 * replica carries on: when a backfill's job has ended, records its figures, what the warehouse
 * holds of its incarnation and whether they reconcile; a failed job fails the backfill. The record
 * is conditional on the backfill still running, so two replicas record it once.
 */
class BackfillMonitor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BackfillMonitor.class);

  private final BackfillRepository repository;
  private final PipelineLauncher launcher;
  private final PipelineFiguresReader figures;
  private final WarehouseCounts counts;
  private final BackfillsProperties properties;
  private final BackfillMetrics metrics;
  private final Clock clock;
  private ScheduledExecutorService scheduler;

  /**
   * @param figures the launcher's reader of job figures; {@code null} where it has none (the
   *     summary then cannot reconcile)
   */
  BackfillMonitor(
      BackfillRepository repository,
      PipelineLauncher launcher,
      PipelineFiguresReader figures,
      WarehouseCounts counts,
      BackfillsProperties properties,
      BackfillMetrics metrics,
      Clock clock) {
    this.repository = repository;
    this.launcher = launcher;
    this.figures = figures;
    this.counts = counts;
    this.properties = properties;
    this.metrics = metrics;
    this.clock = clock;
  }

  synchronized void start() {
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "backfill-monitor");
                thread.setDaemon(true);
                return thread;
              });
      long period = properties.pollInterval().toMillis();
      scheduler.scheduleWithFixedDelay(this::checkQuietly, period, period, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      // The database or the launcher is unreachable: the next round tries again.
      log.warn("Cannot check running backfills: {}", e.toString());
    }
  }

  /** One round: every running backfill whose job ended is recorded. */
  void check() {
    List<BackfillRepository.Row> running = repository.running();
    metrics.running(running.size());
    for (BackfillRepository.Row row : running) {
      try {
        check(row);
      } catch (RuntimeException e) {
        log.warn("Cannot check backfill {}: {}", row.id(), e.toString());
      }
    }
  }

  private void check(BackfillRepository.Row row) {
    if (row.jobId() == null) {
      Duration waited = Duration.between(row.createdAt(), clock.instant());
      if (waited.compareTo(properties.launchTimeout()) > 0) {
        fail(row, "its job was never launched (the replica that accepted it went away)");
      }
      return;
    }
    Optional<LaunchedJob> job = launcher.find(row.jobId());
    if (job.isEmpty()) {
      fail(row, "its job " + row.jobId() + " is gone from the " + launcher.backend() + " launcher");
      return;
    }
    JobState state = job.get().state();
    if (!state.isTerminal()) {
      return;
    }
    if (state != JobState.DONE) {
      String note =
          job.get().status() == null || job.get().status().message() == null
              ? ""
              : ": " + job.get().status().message();
      fail(row, "its job " + row.jobId() + " ended " + state + note);
      return;
    }
    BackfillSummary summary = summarize(row, job.get());
    if (repository.finish(row.id(), BackfillState.SUCCEEDED, clock.instant(), summary, null)) {
      metrics.finished(BackfillState.SUCCEEDED);
      if (!summary.reconciled()) {
        metrics.unreconciled();
      }
      log.info(
          "Backfill {} done: {} lines read, {} users counted, reconciled {}",
          row.id(),
          summary.linesRead(),
          summary.counted(),
          summary.reconciled());
    }
  }

  private BackfillSummary summarize(BackfillRepository.Row row, LaunchedJob job) {
    PipelineFigures read = null;
    if (figures != null) {
      try {
        read = figures.read(job);
      } catch (RuntimeException e) {
        log.warn("No figures for backfill {} (job {}): {}", row.id(), job.id(), e.toString());
      }
    }
    IncarnationCounts written =
        counts.count(row.jobName(), WindowTiling.of(row.spec().parameters()), row.spec().start());
    return BackfillSummary.of(read, written, row.jobName());
  }

  private void fail(BackfillRepository.Row row, String error) {
    if (repository.finish(row.id(), BackfillState.FAILED, clock.instant(), null, error)) {
      metrics.finished(BackfillState.FAILED);
      log.warn("Backfill {} failed: {}", row.id(), error);
    }
  }
}
