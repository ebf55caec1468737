package io.demostream.control.jobs.flink;

import io.demostream.control.jobs.JobState;

/**
 * Flink's job states ({@code JobStatus}) in the API's names. A job Flink calls {@code RUNNING} is
 * {@code PENDING} until all its tasks run (it cannot take the savepoint of a drain before). A job
 * Flink is restarting on its own (from its latest checkpoint, inside the cluster) stays {@code
 * RUNNING}; one it suspended for a JobManager failover is {@code PENDING} until it is recovered.
 * {@code FINISHED} is {@code DONE} unless the launcher knows it drained the job.
 */
public final class FlinkJobStates {

  private FlinkJobStates() {}

  public static JobState toJobState(FlinkJob job, boolean drainRequested) {
    if ("RUNNING".equals(job.state()) && !job.tasksUp() && !drainRequested) {
      return JobState.PENDING;
    }
    return toJobState(job.state(), drainRequested);
  }

  public static JobState toJobState(String flinkState, boolean drainRequested) {
    return switch (flinkState) {
      case "RUNNING", "RESTARTING", "FAILING" ->
          drainRequested ? JobState.DRAINING : JobState.RUNNING;
      case "CANCELLING" -> JobState.CANCELLING;
      case "CANCELED" -> JobState.CANCELLED;
      case "FAILED" -> JobState.FAILED;
      case "FINISHED" -> drainRequested ? JobState.DRAINED : JobState.DONE;
      // INITIALIZING, CREATED, SUSPENDED, RECONCILING, and any state a later Flink adds.
      default -> JobState.PENDING;
    };
  }
}
