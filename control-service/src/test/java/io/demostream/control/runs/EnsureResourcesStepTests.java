package io.demostream.control.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.demostream.control.resources.ResourceKind;
import io.demostream.control.resources.ResourceOperationException;
import org.junit.jupiter.api.Test;

/**
 * The {@code ensure-resources} step: a failure there fails the run before anything starts, so
 * nothing is stopped.
 */
class EnsureResourcesStepTests extends RunFixture {

  @Test
  void failureBeforeTheJobStartsLeavesNothingToStop() {
    given(resources.ensure())
        .willThrow(
            new ResourceOperationException(
                ResourceKind.PUBSUB_TOPIC,
                "users",
                new IllegalStateException("permission denied")));

    RunView run = runs.start(request(1));
    awaitRun(runs, run.id(), RunState.FAILED);

    RunView failed = runs.get(run.id());
    assertThat(failed.steps())
        .extracting(RunView.StepView::state)
        .containsExactly(
            StepState.FAILED,
            StepState.SKIPPED,
            StepState.SKIPPED,
            StepState.SKIPPED,
            StepState.SKIPPED,
            StepState.SKIPPED,
            StepState.SKIPPED);
    assertThat(launcher.launchedNames).isEmpty();
    verify(ingest, never()).start(any());
    verify(ingest, never()).stop();
  }
}
