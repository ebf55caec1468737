package io.demostream.control.runs;

/** Where a step of a run is. */
public enum StepState {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Not needed: an earlier step failed, the run was stopped, or there was nothing to undo. */
  SKIPPED,
  /** The waiting step ended early because the run was stopped. */
  STOPPED
}
