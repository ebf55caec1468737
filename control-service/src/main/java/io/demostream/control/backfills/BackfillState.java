package io.demostream.control.backfills;

/** Where a backfill is: its job runs, or it ended. */
public enum BackfillState {
  /** Its job was launched and has not ended. */
  RUNNING,
  /** Its job finished; the summary says whether it reconciles. */
  SUCCEEDED,
  /** Its job failed or was cancelled; {@code error} says why. */
  FAILED;

  public boolean isTerminal() {
    return this != RUNNING;
  }
}
