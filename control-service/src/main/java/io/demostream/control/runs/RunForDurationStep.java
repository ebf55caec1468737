package io.demostream.control.runs;

import java.time.Instant;

/** Waits until the run's end time, or ends {@code STOPPED} on a stop request. */
final class RunForDurationStep implements Step {

  @Override
  public RunStep kind() {
    return RunStep.RUN_FOR_DURATION;
  }

  @Override
  public StepState perform(StepContext context) {
    Instant endsAt = context.current().endsAt();
    while (context.now().isBefore(endsAt)) {
      if (context.stopRequested()) {
        return StepState.STOPPED;
      }
      context.pause();
    }
    return StepState.SUCCEEDED;
  }
}
