package io.demostream.control.jobs.local;

import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.RunnerStatus;
import io.demostream.control.jobs.flink.FlinkJob;
import io.demostream.control.jobs.flink.FlinkJobStates;
import io.demostream.control.jobs.flink.FlinkRestException;
import io.demostream.control.local.LocalProperties;
import java.time.Clock;
import java.util.Optional;

/**
 * What a local job looks like now, from its registry entry, its process and (on Flink) its
 * cluster's REST API. Only reads: an exit not recorded yet shows as pending until the {@link
 * LocalJobSupervisor} records it on its own schedule, so that looking at a job never changes it.
 */
final class LocalJobStates {

  static final String FLINK = "flink";
  static final String DIRECT = "direct";

  /** What a job on the DirectRunner shows, since that is where the choice matters. */
  static final String DIRECT_RUNNER_NOTE =
      "DirectRunner: window state lives only in the pipeline process's memory; if the process"
          + " dies it is not restarted and its open windows are lost. Use"
          + " demostream.local.runner=flink to restore from checkpoints.";

  private final LocalProperties properties;
  private final ChildProcesses processes;
  private final RestartPolicy restartPolicy;
  private final Clock clock;

  LocalJobStates(
      LocalProperties properties,
      ChildProcesses processes,
      RestartPolicy restartPolicy,
      Clock clock) {
    this.properties = properties;
    this.processes = processes;
    this.restartPolicy = restartPolicy;
    this.clock = clock;
  }

  LaunchedJob toLaunchedJob(LocalJobRegistry.Entry entry) {
    return new LaunchedJob(
        entry.id(),
        entry.name(),
        currentState(entry),
        entry.createdAt(),
        entry.labels(),
        status(entry));
  }

  RunnerStatus status(LocalJobRegistry.Entry entry) {
    RunnerStatus status =
        entry.onFlink()
            ? new RunnerStatus(
                FLINK, entry.flink().restarts(), RestartNotes.describe(entry, restartPolicy))
            : new RunnerStatus(DIRECT, 0, DIRECT_RUNNER_NOTE);
    if (entry.finalState() == JobState.FAILED && entry.logFile() != null) {
      // A failed job says why, from its log, instead of a note about the runner.
      return FailureReason.fromLog(entry.logFile())
          .map(reason -> status.withMessage("failed: " + reason + " (log " + entry.logFile() + ")"))
          .orElse(status);
    }
    return status;
  }

  JobState currentState(LocalJobRegistry.Entry entry) {
    if (entry.finalState() != null) {
      return entry.finalState();
    }
    if (processes.live(entry).isPresent()) {
      if (entry.onFlink()) {
        return flinkState(entry);
      }
      if (entry.requestedState() == JobState.CANCELLED) {
        return JobState.CANCELLING;
      }
      if (entry.requestedState() == JobState.DRAINED) {
        return JobState.DRAINING;
      }
      boolean starting =
          clock.instant().isBefore(entry.createdAt().plus(properties.startupGrace()));
      return starting ? JobState.PENDING : JobState.RUNNING;
    }
    // Exited: a restart is scheduled, or the supervisor has not recorded the exit yet.
    if (entry.requestedState() == JobState.CANCELLED) {
      return JobState.CANCELLING;
    }
    return entry.requestedState() == JobState.DRAINED ? JobState.DRAINING : JobState.PENDING;
  }

  static boolean restartScheduled(LocalJobRegistry.Entry entry) {
    return entry.onFlink() && entry.flink().restartDueAt() != null;
  }

  /**
   * The state of a live embedded-Flink process, as its REST API reports it. While the cluster is
   * starting (no answer, no job yet) the job is {@code PENDING}; a job Flink ended while the
   * process still exits is not reported terminal before the process's exit decides.
   */
  private JobState flinkState(LocalJobRegistry.Entry entry) {
    boolean drain = entry.requestedState() == JobState.DRAINED;
    if (entry.requestedState() == JobState.CANCELLED) {
      return JobState.CANCELLING;
    }
    Optional<FlinkJob> job;
    try {
      job = EmbeddedFlink.rest(entry.flink().restPort()).jobs().stream().findFirst();
    } catch (FlinkRestException e) {
      job = Optional.empty();
    }
    if (job.isEmpty() || job.get().isGloballyTerminal()) {
      return drain ? JobState.DRAINING : JobState.PENDING;
    }
    return FlinkJobStates.toJobState(job.get(), drain);
  }
}
