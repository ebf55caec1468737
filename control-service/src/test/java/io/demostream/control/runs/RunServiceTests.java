package io.demostream.control.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.demostream.control.api.ConflictException;
import io.demostream.control.ingest.IngestClientException;
import io.demostream.control.ingest.IngestRequestInvalidException;
import io.demostream.control.ingest.IngestionStartRequest;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.StartJobRequest;
import io.demostream.support.problem.InvalidRequestException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * Whole runs: steps in order, a failed step winding down, stop requests, a restarted service
 * resuming, one run at a time, and validation before anything is recorded. Each step's own cases
 * are in its {@code *StepTests}.
 */
class RunServiceTests extends RunFixture {

  @Test
  void stepsRunInOrderAndTheRunSucceedsAfterItsDuration() {
    RunView run = runUntilIngesting(request(2));
    assertThat(run.endsAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
    verify(ingest, never()).stop();

    clock.advance(Duration.ofMinutes(2));
    awaitRun(runs, run.id(), RunState.SUCCEEDED);

    RunView done = runs.get(run.id());
    assertThat(done.steps())
        .extracting(RunView.StepView::name)
        .containsExactly(
            "ensure-resources",
            "start-job",
            "await-job-running",
            "start-ingestion",
            "run-for-duration",
            "stop-ingestion",
            "drain-job");
    assertThat(done.steps())
        .allSatisfy(step -> assertThat(step.state()).isEqualTo(StepState.SUCCEEDED));
    assertThat(done.error()).isNull();
    assertThat(done.finishedAt()).isNotNull();
    InOrder order = inOrder(resources, ingest);
    order.verify(resources).ensure();
    ArgumentCaptor<IngestionStartRequest> started =
        ArgumentCaptor.forClass(IngestionStartRequest.class);
    order.verify(ingest).start(started.capture());
    order.verify(ingest).stop();
    assertThat(started.getValue().source()).isEqualTo("synthetic");
    assertThat(started.getValue().usersPerSecond()).isEqualTo(50);
    assertThat(started.getValue().durationSeconds()).isEqualTo(120);
    assertThat(launcher.state(done.jobId())).isEqualTo(JobState.DRAINED);
    assertThat(launcher.stopRequests).containsExactly("drain:" + done.jobId());
    assertThat(
            meters
                .timer("demostream.runs.steps", "step", "start-job", "outcome", "succeeded")
                .count())
        .isEqualTo(1);
    assertThat(meters.timer("demostream.runs.completed", "outcome", "succeeded").count())
        .isEqualTo(1);
  }

  @Test
  void failedStepSkipsTheRestButStillWindsDown() {
    given(ingest.start(any()))
        .willThrow(new IngestClientException(401, "ingest-service start failed: token", null));

    RunView run = runs.start(request(1));
    awaitStep(runs, run.id(), RunStep.AWAIT_JOB_RUNNING, StepState.RUNNING);
    launcher.setState(runs.get(run.id()).jobId(), JobState.RUNNING);
    awaitRun(runs, run.id(), RunState.FAILED);

    RunView failed = runs.get(run.id());
    assertThat(failed.step(RunStep.START_INGESTION).state()).isEqualTo(StepState.FAILED);
    assertThat(failed.step(RunStep.START_INGESTION).error()).contains("token");
    assertThat(failed.step(RunStep.RUN_FOR_DURATION).state()).isEqualTo(StepState.SKIPPED);
    // A start that failed may still have started something: stop it to be sure.
    assertThat(failed.step(RunStep.STOP_INGESTION).state()).isEqualTo(StepState.SUCCEEDED);
    assertThat(failed.step(RunStep.DRAIN_JOB).state()).isEqualTo(StepState.SUCCEEDED);
    assertThat(failed.error()).startsWith("start-ingestion: ");
    assertThat(launcher.state(failed.jobId())).isEqualTo(JobState.DRAINED);
  }

  @Test
  void stopMidRunStopsIngestionAndDrainsTheJob() {
    RunView run = runUntilIngesting(request(30));

    RunView stopping = runs.stop(run.id());

    assertThat(stopping.state()).isIn(RunState.STOPPING, RunState.STOPPED);
    awaitRun(runs, run.id(), RunState.STOPPED);
    RunView stopped = runs.get(run.id());
    assertThat(stopped.step(RunStep.RUN_FOR_DURATION).state()).isEqualTo(StepState.STOPPED);
    assertThat(stopped.step(RunStep.STOP_INGESTION).state()).isEqualTo(StepState.SUCCEEDED);
    assertThat(stopped.step(RunStep.DRAIN_JOB).state()).isEqualTo(StepState.SUCCEEDED);
    verify(ingest).stop();
    assertThat(launcher.state(stopped.jobId())).isEqualTo(JobState.DRAINED);

    // Stopping an ended run changes nothing.
    assertThat(runs.stop(run.id()).state()).isEqualTo(RunState.STOPPED);
    verify(ingest, times(1)).stop();
  }

  @Test
  void stopWhileWaitingForTheJobSkipsIngestion() {
    RunView run = runs.start(request(5));
    awaitStep(runs, run.id(), RunStep.AWAIT_JOB_RUNNING, StepState.RUNNING);

    runs.stop(run.id());

    awaitRun(runs, run.id(), RunState.STOPPED);
    RunView stopped = runs.get(run.id());
    assertThat(stopped.step(RunStep.AWAIT_JOB_RUNNING).state()).isEqualTo(StepState.STOPPED);
    assertThat(stopped.step(RunStep.START_INGESTION).state()).isEqualTo(StepState.SKIPPED);
    assertThat(stopped.step(RunStep.STOP_INGESTION).state()).isEqualTo(StepState.SKIPPED);
    assertThat(stopped.step(RunStep.DRAIN_JOB).state()).isEqualTo(StepState.SUCCEEDED);
    verify(ingest, never()).start(any());
  }

  @Test
  void restartedServiceResumesTheRunWhereItWas() {
    RunView run = runUntilIngesting(request(10));

    // The service goes away mid-run; what it recorded stays.
    executor.shutdown();
    assertThat(runs.get(run.id()).state()).isEqualTo(RunState.RUNNING);
    assertThat(runs.get(run.id()).step(RunStep.RUN_FOR_DURATION).state())
        .isEqualTo(StepState.RUNNING);

    RunService restarted = newService();
    restarted.resumeUnfinished();
    clock.advance(Duration.ofMinutes(10));
    awaitRun(restarted, run.id(), RunState.SUCCEEDED);

    // Nothing before the wait was done twice.
    verify(resources, times(1)).ensure();
    verify(ingest, times(1)).start(any());
    verify(ingest, times(1)).stop();
    assertThat(launcher.launchedNames).hasSize(1);
    assertThat(launcher.state(run.jobId())).isEqualTo(JobState.DRAINED);
  }

  @Test
  void restartedServiceResumesAStopRequestedBeforeTheRestart() {
    RunView run = runUntilIngesting(request(10));
    executor.shutdown();
    // The stop arrives while no service executes the run (e.g. during the restart).
    newService().stop(run.id());

    RunService restarted = newService();
    restarted.resumeUnfinished();

    awaitRun(restarted, run.id(), RunState.STOPPED);
    assertThat(launcher.state(run.jobId())).isEqualTo(JobState.DRAINED);
  }

  @Test
  void secondRunWhileOneIsInProgressConflicts() {
    RunView first = runs.start(request(5));

    assertThatThrownBy(() -> runs.start(request(5)))
        .isInstanceOf(ConflictException.class)
        .satisfies(
            e ->
                assertThat(((ConflictException) e).properties().get("run"))
                    .extracting("id")
                    .isEqualTo(first.id()));
  }

  @Test
  void ingestParametersIngestServiceRefusesFailTheRunBeforeAnythingIsTouched() {
    RunRequest synthetic = new RunRequest(5, "synthetic", null, 2.0, null, null, null);
    willThrow(
            new IngestRequestInvalidException(
                "requestsPerSecond", "requestsPerSecond applies to the randomuser source only"))
        .given(ingest)
        .validate(synthetic.ingestionRequest());

    assertThatThrownBy(() -> runs.start(synthetic))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo("requestsPerSecond");
              assertThat(e.getMessage()).contains("randomuser source only");
            });

    assertThat(runs.list()).isEmpty();
    verifyNoInteractions(resources);
    assertThat(launcher.launchedNames).isEmpty();
    verify(ingest, never()).start(any());
    verify(ingest, never()).stop();
  }

  @Test
  void ingestFieldsAreNamedAsTheRunSpellsThem() {
    willThrow(new IngestRequestInvalidException("durationSeconds", "durationSeconds too long"))
        .given(ingest)
        .validate(any());

    assertThatThrownBy(() -> runs.start(request(5)))
        .isInstanceOf(InvalidRequestException.class)
        .extracting("field")
        .isEqualTo("durationMinutes");
    assertThat(RunValidator.runField("nationalities[2]")).isEqualTo("nationalities[2]");
    assertThat(RunValidator.runField(null)).isEqualTo("ingestion");
  }

  @Test
  void aRunIsNotStartedWhileIngestServiceCannotValidateIt() {
    willThrow(new IngestClientException(0, "ingest-service validate failed: unreachable", null))
        .given(ingest)
        .validate(any());

    assertThatThrownBy(() -> runs.start(request(5))).isInstanceOf(IngestClientException.class);
    assertThat(runs.list()).isEmpty();
    verifyNoInteractions(resources);
    assertThat(launcher.launchedNames).isEmpty();
  }

  @Test
  void theWholeRunIsValidatedWithTheIngestRequestItWouldStart() {
    RunView run = runs.start(request(2));

    verify(ingest).validate(new IngestionStartRequest("synthetic", 50, null, null, null, 120L));
    runs.stop(run.id());
    awaitRun(runs, run.id(), RunState.STOPPED);
  }

  @Test
  void invalidJobParametersRecordNoRun() {
    assertThatThrownBy(
            () ->
                runs.start(
                    withJob(new StartJobRequest("weekly", null, null, null, null, null, null))))
        .isInstanceOf(InvalidRequestException.class)
        .extracting("field")
        .isEqualTo("job.windowType");
    assertThat(runs.list()).isEmpty();
  }
}
