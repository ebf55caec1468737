package io.demostream.control.jobs.local;

import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.PipelineArguments;
import io.demostream.control.jobs.flink.FlinkJob;
import io.demostream.control.jobs.flink.FlinkRestException;
import io.demostream.control.local.LocalProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises local jobs on its own schedule: records each process's exit as the job's final state,
 * or, for a Flink job that died with restarts left ({@link RestartPolicy}), restarts it from its
 * latest completed checkpoint and confirms what Flink restored ({@code
 * demostream.jobs.local.restarts}). A sweep every {@link #SWEEP_INTERVAL} records the exits no
 * callback reported (processes of a previous instance of this service), so that reading a job's
 * state never has to.
 */
final class LocalJobSupervisor {

  private static final Logger log = LoggerFactory.getLogger(LocalJobSupervisor.class);
  static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

  private final LocalProperties properties;
  private final LocalJobRegistry registry;
  private final ChildProcesses processes;
  private final PipelineCommand command;
  private final EmbeddedFlinkDrain drain;
  private final RestartPolicy restartPolicy;
  private final Path jobsDir;
  private final Clock clock;
  private final MeterRegistry meters;
  private final ScheduledExecutorService scheduler;
  private volatile boolean closed;

  LocalJobSupervisor(
      LocalProperties properties,
      LocalJobRegistry registry,
      ChildProcesses processes,
      PipelineCommand command,
      EmbeddedFlinkDrain drain,
      RestartPolicy restartPolicy,
      Path jobsDir,
      Clock clock,
      MeterRegistry meters,
      ScheduledExecutorService scheduler) {
    this.properties = properties;
    this.registry = registry;
    this.processes = processes;
    this.command = command;
    this.drain = drain;
    this.restartPolicy = restartPolicy;
    this.jobsDir = jobsDir;
    this.clock = clock;
    this.meters = meters;
    this.scheduler = scheduler;
  }

  /** Watches the process of job {@code id} this service started. */
  void watch(String id, Process process) {
    processes.watch(id, process, this::processExited);
  }

  /** Starts the periodic sweep. */
  void startSweeping() {
    scheduler.scheduleWithFixedDelay(
        this::sweep, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Records the exit of every job whose process is gone, whose exit no callback reported and for
   * which no restart is scheduled.
   */
  void sweep() {
    try {
      for (LocalJobRegistry.Entry entry : registry.all()) {
        if (entry.finalState() == null
            && !LocalJobStates.restartScheduled(entry)
            && processes.live(entry).isEmpty()) {
          processExited(entry.id(), entry.pid(), processes.exitCode(entry.id(), entry.pid()));
        }
      }
    } catch (RuntimeException e) {
      log.warn("Supervising local jobs failed: {}", e.toString());
    }
  }

  /**
   * Watches the jobs of the registry that have not ended, after this service (re)started: a live
   * process is watched for its exit again; one that died meanwhile is handled as if it had just
   * died (on Flink: restarted from its checkpoint if restarts remain).
   */
  void superviseRegisteredJobs() {
    for (LocalJobRegistry.Entry entry : registry.all()) {
      if (entry.finalState() != null || processes.watches(entry.id())) {
        continue;
      }
      Optional<ProcessHandle> process = processes.live(entry);
      if (LocalJobStates.restartScheduled(entry) && process.isEmpty()) {
        // The previous instance of this service scheduled a restart and went away.
        Duration wait = Duration.between(clock.instant(), entry.flink().restartDueAt());
        scheduler.schedule(
            () -> restart(entry.id()), Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
      } else if (process.isPresent()) {
        long pid = entry.pid();
        // Not our child any more: the exit code is lost.
        process.get().onExit().thenAccept(exited -> processExited(entry.id(), pid, -1));
        if (entry.onFlink() && entry.flink().restorePending()) {
          // Restarted by the previous instance, which went away before learning what it restored.
          scheduler.execute(() -> confirmRestore(entry.id(), pid));
        }
      } else {
        processExited(entry.id(), entry.pid(), -1);
      }
    }
  }

  /** Records the job's final state unless one is recorded already. */
  void finish(String id, JobState state) {
    registry.update(id, e -> e.finalState() == null ? e.withFinalState(state) : e);
  }

  /** Stops supervising; the pipeline processes keep running and are found again after a restart. */
  void close() {
    closed = true;
  }

  /**
   * A pipeline process exited. Its job ends, unless it runs on Flink, was not asked to stop, died
   * (rather than ended cleanly) and has restarts left: then it is restarted after a backoff.
   */
  synchronized void processExited(String id, long pid, int exitCode) {
    if (closed) {
      // This service is going away; the next one finds the exit in superviseRegisteredJobs.
      return;
    }
    processes.forget(id, pid);
    Optional<LocalJobRegistry.Entry> found = registry.find(id);
    if (found.isEmpty()
        || found.get().finalState() != null
        || found.get().pid() != pid
        || LocalJobStates.restartScheduled(found.get())) {
      return;
    }
    LocalJobRegistry.Entry entry = found.get();
    boolean exitUnknown = exitCode == -1;
    // A process that died unasked is restarted; so is one that died while draining, before its
    // windows were flushed. One that vanished while draining unwatched most likely drained.
    // A backfill is a batch job: restarting it from a stream's checkpoint has no meaning.
    boolean restart =
        entry.onFlink()
            && !PipelineArguments.FileInput.isBackfill(entry.labels())
            && ((entry.requestedState() == null
                    && (exitUnknown || RestartPolicy.worthRestarting(exitCode)))
                || (isDrainWithoutFlush(entry)
                    && !exitUnknown
                    && RestartPolicy.worthRestarting(exitCode)));
    if (restart) {
      Optional<Duration> delay = restartPolicy.nextDelay(entry.flink().restarts());
      if (delay.isPresent()) {
        Instant due = clock.instant().plus(delay.get());
        registry.update(id, e -> e.withFlink(e.flink().died(exitCode, clock.instant(), due)));
        log.warn(
            "Local job {} died (exit code {}); restarting it from its last checkpoint in {}",
            id,
            exitCode,
            delay.get());
        scheduler.schedule(() -> restart(id), delay.get().toMillis(), TimeUnit.MILLISECONDS);
        return;
      }
      registry.update(id, e -> e.withFlink(e.flink().died(exitCode, clock.instant(), null)));
      countRestart("gave-up");
      log.error(
          "Local job {} died (exit code {}) after {} restarts; giving up",
          id,
          exitCode,
          entry.flink().restarts());
    }
    JobState state = finalState(registry.find(id).orElse(entry), exitCode);
    finish(id, state);
    log.info("Local job {} exited with code {}: {}", id, exitCode, state);
  }

  /**
   * Once the restarted process {@code pid} runs its job, records what Flink says it restored and
   * counts the restart as {@code restored} or {@code fresh}; gives up when that process is gone.
   */
  private void confirmRestore(String id, long pid) {
    Optional<LocalJobRegistry.Entry> entry = registry.find(id);
    if (entry.isEmpty()
        || entry.get().finalState() != null
        || entry.get().pid() != pid
        || !entry.get().flink().restorePending()) {
      return;
    }
    Optional<FlinkJob> running = drain.runningJob(entry.get());
    if (running.isPresent()) {
      try {
        Optional<String> restored =
            EmbeddedFlink.rest(entry.get().flink().restPort())
                .restoredCheckpoint(running.get().id());
        registry.update(
            id, e -> e.pid() == pid ? e.withFlink(e.flink().restored(restored.orElse(null))) : e);
        countRestart(restored.isPresent() ? "restored" : "fresh");
        log.info(
            "Local job {} runs again, {}",
            id,
            restored.map(c -> "restored from checkpoint " + c).orElse("without state"));
        return;
      } catch (FlinkRestException e) {
        log.debug("Restore of local job {} not readable yet: {}", id, e.getMessage());
      }
    }
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      scheduler.schedule(
          () -> confirmRestore(id, pid),
          EmbeddedFlinkDrain.RETRY.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Starts a new process for a Flink job whose process died, which restores the job's latest
   * completed checkpoint: the pipeline finds it ({@code --restoreLatestCheckpoint}), and what it
   * restored is read back from Flink once the job runs ({@link #confirmRestore}).
   */
  private void restart(String id) {
    Optional<LocalJobRegistry.Entry> found = registry.find(id);
    if (found.isEmpty() || found.get().finalState() != null) {
      return;
    }
    LocalJobRegistry.Entry entry = found.get();
    if (entry.requestedState() == JobState.CANCELLED) {
      finish(id, JobState.CANCELLED);
      return;
    }
    EmbeddedFlink embedded = new EmbeddedFlink(jobsDir.resolve(id));
    int restPort = EmbeddedFlink.freePort();
    Process process;
    try {
      embedded.writeConfig(restPort);
      JobParameters parameters = entry.parameters();
      if (parameters == null) {
        throw new IllegalStateException("the job's parameters were not recorded");
      }
      process =
          processes.start(
              command.command(
                  id,
                  command.pipelineJar(),
                  parameters,
                  embedded.restartArgs(properties.checkpointInterval())),
              entry.logFile());
    } catch (IOException | RuntimeException e) {
      log.error("Cannot restart local job {}", id, e);
      countRestart("failed");
      registry.update(id, e2 -> e2.withFlink(e2.flink().died(-1, clock.instant(), null)));
      finish(id, JobState.FAILED);
      return;
    }
    registry.update(
        id,
        e ->
            e.withProcess(
                process.pid(),
                process.info().startInstant().orElse(null),
                e.flink().restarted(restPort)));
    watch(id, process);
    log.warn(
        "Restarted local job {} (pid {}); it restores its latest completed checkpoint, if any",
        id,
        process.pid());
    scheduler.schedule(
        () -> confirmRestore(id, process.pid()),
        EmbeddedFlinkDrain.RETRY.toMillis(),
        TimeUnit.MILLISECONDS);
    if (entry.requestedState() == JobState.DRAINED) {
      drain.start(id, clock.instant().plus(properties.drainTimeout()));
    }
  }

  private void countRestart(String outcome) {
    meters
        .counter(
            "demostream.jobs.local.restarts", "runner", LocalJobStates.FLINK, "outcome", outcome)
        .increment();
  }

  /** A drain asked of a job whose process then died before flushing: restart it to flush. */
  private static boolean isDrainWithoutFlush(LocalJobRegistry.Entry entry) {
    return entry.requestedState() == JobState.DRAINED && !entry.forced();
  }

  private static JobState finalState(LocalJobRegistry.Entry entry, int exitCode) {
    if (entry.requestedState() == JobState.CANCELLED || entry.forced()) {
      return JobState.CANCELLED;
    }
    if (entry.requestedState() == JobState.DRAINED) {
      return JobState.DRAINED;
    }
    return exitCode == 0 ? JobState.DONE : JobState.FAILED;
  }
}
