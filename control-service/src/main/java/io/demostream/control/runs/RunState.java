package io.demostream.control.runs;

/** Where a run is. */
public enum RunState {
  RUNNING,
  /** A stop was requested; ingestion is being stopped and the job drained. */
  STOPPING,
  SUCCEEDED,
  FAILED,
  /** Ended early by a stop request. */
  STOPPED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == STOPPED;
  }
}
