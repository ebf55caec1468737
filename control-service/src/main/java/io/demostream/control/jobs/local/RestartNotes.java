package io.demostream.control.jobs.local;

import io.demostream.control.jobs.JobState;

/**
 * The status message of a local Flink job, from its restart history: waiting for a restart, what
 * the current process restored, or that the launcher gave up.
 */
final class RestartNotes {

  private RestartNotes() {}

  /** The message for {@code entry}, or {@code null} while its first process runs undisturbed. */
  static String describe(LocalJobRegistry.Entry entry, RestartPolicy policy) {
    LocalJobRegistry.FlinkProcess flink = entry.flink();
    if (flink.restartDueAt() != null) {
      return "The pipeline process died (exit code "
          + flink.lastExitCode()
          + ") at "
          + flink.lastExitAt()
          + "; restart "
          + (flink.restarts() + 1)
          + " of at most "
          + policy.maxRestarts()
          + " is due at "
          + flink.restartDueAt()
          + ", from the latest completed checkpoint.";
    }
    if (entry.finalState() == JobState.FAILED
        && flink.lastExitAt() != null
        && flink.restarts() >= policy.maxRestarts()) {
      return "The pipeline process died (exit code "
          + flink.lastExitCode()
          + ") at "
          + flink.lastExitAt()
          + " after "
          + flink.restarts()
          + " restarts; not restarted again (demostream.local.max-restarts).";
    }
    if (flink.restarts() == 0) {
      return null;
    }
    String restore;
    if (flink.restorePending()) {
      restore = "restoring its latest completed checkpoint, if it has one";
    } else if (flink.restoredFrom() != null) {
      restore = "restored from checkpoint " + flink.restoredFrom();
    } else {
      restore = "started without state: the job had no completed checkpoint";
    }
    return "Restarted "
        + flink.restarts()
        + (flink.restarts() == 1 ? " time" : " times")
        + ", last after the process died (exit code "
        + flink.lastExitCode()
        + ") at "
        + flink.lastExitAt()
        + "; "
        + restore
        + ".";
  }
}
