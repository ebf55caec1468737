package io.demostream.control.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.demostream.control.jobs.JobState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@code await-job-running} step: a job that ends, or is not running in time, fails the run.
 */
class AwaitJobRunningStepTests extends RunFixture {

  @Test
  void jobEndingBeforeItRunsFailsTheRun() {
    RunView run = runs.start(request(1));
    awaitStep(runs, run.id(), RunStep.AWAIT_JOB_RUNNING, StepState.RUNNING);
    launcher.setState(runs.get(run.id()).jobId(), JobState.FAILED);

    awaitRun(runs, run.id(), RunState.FAILED);
    assertThat(runs.get(run.id()).error()).contains("ended FAILED");
    verify(ingest, never()).start(any());
  }

  @Test
  void jobNotRunningInTimeFailsTheStep() {
    RunView run = runs.start(request(1));
    awaitStep(runs, run.id(), RunStep.AWAIT_JOB_RUNNING, StepState.RUNNING);

    clock.advance(Duration.ofMinutes(6));

    awaitRun(runs, run.id(), RunState.FAILED);
    assertThat(runs.get(run.id()).step(RunStep.AWAIT_JOB_RUNNING).error())
        .contains("still PENDING")
        .contains("demostream.runs.job-running-timeout");
  }
}
