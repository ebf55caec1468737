package io.demostream.control.jobs;

/**
 * Flink's job states ({@code JobStatus}) in the API's names. A job Flink is restarting on its own
 * (from its latest checkpoint, inside the cluster) stays {@code RUNNING}; one it suspended for a
 * JobManager failover is {@code PENDING} until it is recovered. {@code FINISHED} is {@code DONE}
 * unless the launcher knows it drained the job.
 */
final class FlinkJobStates {

  private FlinkJobStates() {}

  static JobState toJobState(String flinkState, boolean drainRequested) {
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
