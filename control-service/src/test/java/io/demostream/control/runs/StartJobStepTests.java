package io.demostream.control.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.control.jobs.StartJobRequest;
import io.demostream.control.jobs.WindowType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code start-job} step: the run's job parameters reach the launched job. */
class StartJobStepTests extends RunFixture {

  @Test
  void jobParametersOfTheRunReachTheJob() {
    RunView run =
        runs.start(withJob(new StartJobRequest("sliding", "10m", "1m", null, null, null, true)));
    awaitStep(runs, run.id(), RunStep.AWAIT_JOB_RUNNING, StepState.RUNNING);

    assertThat(launcher.launchedParameters)
        .singleElement()
        .satisfies(
            parameters -> {
              assertThat(parameters.windowType()).isEqualTo(WindowType.SLIDING);
              assertThat(parameters.windowSize()).isEqualTo(Duration.ofMinutes(10));
              assertThat(parameters.windowPeriod()).isEqualTo(Duration.ofMinutes(1));
            });
    assertThat(runs.get(run.id()).jobId()).isNotNull();
    runs.stop(run.id());
    awaitRun(runs, run.id(), RunState.STOPPED);
  }
}
