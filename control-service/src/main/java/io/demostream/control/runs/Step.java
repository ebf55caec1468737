package io.demostream.control.runs;

/**
 * One step of a run: its place in the run ({@link #kind()}), its action and its retry policy. A
 * step may be performed again after a restart (or by another replica that took over the run), with
 * {@link StepContext#repeated()} set; its action must then be safe to repeat.
 */
interface Step {

  /** Which step this is: its name in the API and its place in the run. */
  RunStep kind();

  /** How often the action is attempted before the step fails. */
  default RetryPolicy retryPolicy() {
    return RetryPolicy.NONE;
  }

  /**
   * Does the step's work.
   *
   * @return how the step ended ({@code SUCCEEDED}, {@code SKIPPED} or {@code STOPPED})
   * @throws RuntimeException when the step failed, with a message for the run's error
   */
  StepState perform(StepContext context);
}
