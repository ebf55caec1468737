package io.demostream.control.runs;

/**
 * The executor is letting go of the run in the middle of a step (shutdown, or its lease was lost):
 * the step stays {@code RUNNING} in the database, to be done again by whoever resumes the run.
 */
final class StepInterruptedException extends RuntimeException {

  StepInterruptedException() {
    super(null, null, false, false);
  }
}
