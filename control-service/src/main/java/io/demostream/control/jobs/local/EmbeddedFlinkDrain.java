package io.demostream.control.jobs.local;

import io.demostream.control.jobs.flink.FlinkJob;
import io.demostream.control.jobs.flink.FlinkRestClient;
import io.demostream.control.jobs.flink.FlinkRestException;
import io.demostream.control.jobs.flink.StopWithDrain;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a local job on its embedded Flink cluster: stop with drain (every window fires, the job
 * finishes, the process exits) retried until it runs and completes, cancel, and the deadline after
 * which a job that did not exit is destroyed and recorded as forced.
 */
final class EmbeddedFlinkDrain {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedFlinkDrain.class);
  // How often a drain retries reaching a Flink job that is not running yet.
  static final Duration RETRY = Duration.ofSeconds(1);

  private final LocalJobRegistry registry;
  private final ChildProcesses processes;
  private final Path jobsDir;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;

  EmbeddedFlinkDrain(
      LocalJobRegistry registry,
      ChildProcesses processes,
      Path jobsDir,
      Clock clock,
      ScheduledExecutorService scheduler) {
    this.registry = registry;
    this.processes = processes;
    this.jobsDir = jobsDir;
    this.clock = clock;
    this.scheduler = scheduler;
  }

  /** Starts draining job {@code id} in the background, giving up at {@code deadline}. */
  void start(String id, Instant deadline) {
    scheduler.execute(() -> drain(id, deadline));
  }

  /** Cancels the entry's jobs on its cluster; false when Flink could not be asked. */
  boolean cancel(LocalJobRegistry.Entry entry) {
    try {
      FlinkRestClient rest = EmbeddedFlink.rest(entry.flink().restPort());
      List<FlinkJob> jobs = rest.jobs();
      jobs.stream().filter(job -> !job.isGloballyTerminal()).forEach(job -> rest.cancel(job.id()));
      return !jobs.isEmpty();
    } catch (FlinkRestException e) {
      log.info("Cannot cancel local job {} through Flink ({}); destroying it", entry.id(), e);
      return false;
    }
  }

  /** The entry's job if its cluster runs it fully. */
  Optional<FlinkJob> runningJob(LocalJobRegistry.Entry entry) {
    try {
      return EmbeddedFlink.rest(entry.flink().restPort()).jobs().stream()
          .filter(FlinkJob::isFullyRunning)
          .findFirst();
    } catch (FlinkRestException e) {
      return Optional.empty();
    }
  }

  /** If the pipeline has not flushed and exited in time, stops it the hard way. */
  void destroyIfNotExitedBy(String id, ProcessHandle process, Duration timeout) {
    process
        .onExit()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            expired -> {
              log.warn("Local job {} did not drain within {}; destroying it", id, timeout);
              registry.update(id, LocalJobRegistry.Entry::markForced);
              ChildProcesses.destroyTree(process);
              return null;
            });
  }

  /**
   * Asks the embedded cluster to stop the job with drain once it runs (a job still starting cannot
   * take a savepoint), retrying until {@code deadline}; a job that could not be drained in time is
   * destroyed and reported {@code CANCELLED}.
   */
  private void drain(String id, Instant deadline) {
    Optional<LocalJobRegistry.Entry> entry = registry.find(id);
    if (entry.isEmpty() || entry.get().finalState() != null) {
      return;
    }
    Optional<ProcessHandle> process = processes.live(entry.get());
    if (process.isEmpty()) {
      // Exited: drained, or died and handled by the supervisor.
      return;
    }
    Optional<FlinkJob> running = runningJob(entry.get());
    if (running.isPresent()) {
      try {
        StopWithDrain drain =
            StopWithDrain.request(
                EmbeddedFlink.rest(entry.get().flink().restPort()),
                running.get().id(),
                new EmbeddedFlink(jobsDir.resolve(id)).savepointsDir().toUri().toString());
        log.info("Draining local job {} (Flink job {})", id, running.get().id());
        later(() -> follow(id, drain, deadline));
        return;
      } catch (FlinkRestException e) {
        log.info("Drain of local job {} not accepted yet: {}", id, e.getMessage());
      }
    }
    if (expired(id, process.get(), deadline)) {
      return;
    }
    later(() -> drain(id, deadline));
  }

  /**
   * Follows a stop with drain until the process exits: a stop Flink could not complete (a
   * checkpoint declined, a task not yet running) leaves the job running, and is asked again.
   */
  private void follow(String id, StopWithDrain drain, Instant deadline) {
    Optional<LocalJobRegistry.Entry> entry = registry.find(id);
    if (entry.isEmpty() || entry.get().finalState() != null) {
      return;
    }
    Optional<ProcessHandle> process = processes.live(entry.get());
    if (process.isEmpty()) {
      return;
    }
    StopWithDrain.Outcome outcome = drain.poll();
    if (outcome.progress() == StopWithDrain.Progress.SUCCEEDED) {
      // Flushed and finished: the process exits by itself, or is destroyed at the deadline.
      Duration left = Duration.between(clock.instant(), deadline);
      Duration grace = ChildProcesses.KILL_GRACE;
      destroyIfNotExitedBy(id, process.get(), left.compareTo(grace) < 0 ? grace : left);
      return;
    }
    boolean failed = outcome.progress() == StopWithDrain.Progress.FAILED;
    if (failed) {
      log.info("Drain of local job {} did not complete ({}); asking again", id, outcome.failure());
    }
    if (expired(id, process.get(), deadline)) {
      return;
    }
    if (failed) {
      later(() -> drain(id, deadline));
    } else {
      later(() -> follow(id, drain, deadline));
    }
  }

  private boolean expired(String id, ProcessHandle process, Instant deadline) {
    if (clock.instant().isBefore(deadline)) {
      return false;
    }
    log.warn("Local job {} could not be drained in time; destroying it", id);
    registry.update(id, LocalJobRegistry.Entry::markForced);
    ChildProcesses.destroyTree(process);
    return true;
  }

  private void later(Runnable step) {
    scheduler.schedule(step, RETRY.toMillis(), TimeUnit.MILLISECONDS);
  }
}
