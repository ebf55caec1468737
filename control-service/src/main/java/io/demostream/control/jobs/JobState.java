package io.demostream.control.jobs;

/**
 * A pipeline job's state, named as Dataflow's {@code JOB_STATE_*} without the prefix. Dataflow's
 * rarer states are folded into these by the Dataflow launcher.
 */
public enum JobState {
  PENDING,
  RUNNING,
  DRAINING,
  DRAINED,
  CANCELLING,
  CANCELLED,
  FAILED,
  DONE;

  /** Whether the job has stopped for good; a stopped job is never active again. */
  public boolean isTerminal() {
    return this == DRAINED || this == CANCELLED || this == FAILED || this == DONE;
  }
}
