package io.demostream.control.runs;

import java.time.Clock;
import java.time.Instant;

/**
 * What a {@link Step} sees of its run while it is performed: the run as recorded when the step
 * began, whether the step is being done again, the clock, and a pause that ends early when the
 * executor lets go of the run.
 */
final class StepContext {

  /** Waits one poll interval, or throws {@link StepInterruptedException} when told to let go. */
  @FunctionalInterface
  interface Pause {
    void pause();
  }

  private final RunStep step;
  private final RunRepository.RunRecord run;
  private final boolean repeated;
  private final RunRepository repository;
  private final Clock clock;
  private final Pause pause;

  StepContext(
      RunStep step,
      RunRepository.RunRecord run,
      boolean repeated,
      RunRepository repository,
      Clock clock,
      Pause pause) {
    this.step = step;
    this.run = run;
    this.repeated = repeated;
    this.repository = repository;
    this.clock = clock;
    this.pause = pause;
  }

  RunStep step() {
    return step;
  }

  String runId() {
    return run.id();
  }

  /** The run as recorded when the step began. */
  RunRepository.RunRecord run() {
    return run;
  }

  /** The run as recorded now, e.g. after an earlier attempt recorded something. */
  RunRepository.RunRecord current() {
    return repository.find(run.id()).orElseThrow();
  }

  /** The step was running when its executor stopped: what it did may have taken effect. */
  boolean repeated() {
    return repeated;
  }

  Instant now() {
    return clock.instant();
  }

  boolean stopRequested() {
    return repository.find(run.id()).map(RunRepository.RunRecord::stopRequested).orElse(false);
  }

  void pause() {
    pause.pause();
  }
}
