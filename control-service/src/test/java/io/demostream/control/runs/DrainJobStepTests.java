package io.demostream.control.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.PermissionDeniedException;
import io.demostream.control.ingest.IngestClientException;
import io.demostream.control.ingest.IngestionStatus;
import io.demostream.control.jobs.JobState;
import io.demostream.control.reconcile.IncarnationCounts;
import io.demostream.control.reconcile.RunSummary;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The {@code drain-job} step: it waits for the subscription's backlog (up to its bound), drains the
 * job, retries and gives up, and the run's summary reconciles what was published with what the
 * warehouse counted, dead-lettered and the runner dropped late.
 */
class DrainJobStepTests extends RunFixture {

  @Test
  void drainWaitsUntilTheBacklogIsConsumedAndTheRunReconciles() {
    given(ingest.status()).willReturn(published(300));
    RunView run = runUntilIngesting(request(1));
    // Ingestion stops with 120 messages not yet read by the pipeline.
    undelivered.set(120);
    clock.advance(Duration.ofMinutes(1));
    awaitStep(runs, run.id(), RunStep.DRAIN_JOB, StepState.RUNNING);

    // The drain waits: the job is not drained while the backlog is there.
    await().atMost(Duration.ofSeconds(10)).until(() -> backlogReads.get() > 2);
    assertThat(launcher.stopRequests).isEmpty();
    clock.advance(Duration.ofSeconds(40));
    warehouseCounts = new IncarnationCounts(295L, 5, "the latest pane of every fixed window");
    undelivered.set(0);
    awaitRun(runs, run.id(), RunState.SUCCEEDED);

    RunView done = runs.get(run.id());
    assertThat(launcher.stopRequests).containsExactly("drain:" + done.jobId());
    assertThat(done.step(RunStep.DRAIN_JOB).detail())
        .isEqualTo("backlog consumed: backlog 120 -> 0 messages after 40 s (test subscription)");
    String jobName = launcher.launchedNames.get(0);
    assertThat(countedIncarnations).containsExactly(jobName);
    assertThat(done.summary())
        .isEqualTo(
            new RunSummary(
                300, 295L, 5, null, true, "the latest pane of every fixed window", jobName));
  }

  private static IngestionStatus ingestion(String state, long messages) {
    return new IngestionStatus(
        state, "synthetic", null, Map.of("messagesPublished", messages), null, null);
  }

  @Test
  void publishedIsReadOnceIngestionHasDrainedItsLastPublishes() {
    // ingest-service answers the stop at once, STOPPING with its last batch of 30 still in flight;
    // its count becomes final (300) only when the run is STOPPED.
    AtomicReference<IngestionStatus> status = new AtomicReference<>(ingestion("RUNNING", 150));
    AtomicInteger statusReads = new AtomicInteger();
    given(ingest.status())
        .willAnswer(
            invocation -> {
              statusReads.incrementAndGet();
              return status.get();
            });
    RunView run = runUntilIngesting(request(1));
    status.set(ingestion("STOPPING", 270));
    // Everything published already reached the warehouse: no backlog holds the drain.
    warehouseCounts = new IncarnationCounts(300L, 0, "the latest pane of every fixed window");
    clock.advance(Duration.ofMinutes(1));
    awaitStep(runs, run.id(), RunStep.DRAIN_JOB, StepState.RUNNING);

    // While ingestion drains, the drain step keeps asking and does not drain the job.
    int readsBefore = statusReads.get();
    await().atMost(Duration.ofSeconds(10)).until(() -> statusReads.get() > readsBefore + 2);
    assertThat(launcher.stopRequests).isEmpty();
    status.set(ingestion("STOPPED", 300));
    awaitRun(runs, run.id(), RunState.SUCCEEDED);

    RunView done = runs.get(run.id());
    assertThat(done.summary().published()).isEqualTo(300);
    assertThat(done.summary().counted()).isEqualTo(300L);
    assertThat(done.summary().reconciled()).isTrue();
    assertThat(launcher.stopRequests).containsExactly("drain:" + done.jobId());
  }

  @Test
  void ingestionThatNeverSettlesLeavesTheRunWithoutASummaryAndDrainsAfterTheBound() {
    AtomicInteger statusReads = new AtomicInteger();
    given(ingest.status())
        .willAnswer(
            invocation -> {
              statusReads.incrementAndGet();
              return ingestion("STOPPING", 270);
            });
    RunView run = runUntilIngesting(request(1));
    warehouseCounts = new IncarnationCounts(300L, 0, "the latest pane of every fixed window");
    clock.advance(Duration.ofMinutes(1));
    awaitStep(runs, run.id(), RunStep.DRAIN_JOB, StepState.RUNNING);

    // Not drained at once: the wait lasts the bound (1 minute here), then the drain goes ahead.
    await().atMost(Duration.ofSeconds(10)).until(() -> statusReads.get() > 2);
    assertThat(launcher.stopRequests).isEmpty();
    clock.advance(Duration.ofMinutes(2));
    awaitRun(runs, run.id(), RunState.SUCCEEDED);

    RunView done = runs.get(run.id());
    assertThat(done.summary()).isNull();
    assertThat(done.step(RunStep.DRAIN_JOB).detail())
        .isEqualTo(
            "not reconciled: ingest-service still STOPPING after 60 s, its published count is not"
                + " final");
    assertThat(launcher.state(done.jobId())).isEqualTo(JobState.DRAINED);
  }

  @Test
  void usersDroppedLateAreInTheSummaryAndAccountForTheRest() {
    given(ingest.status()).willReturn(published(300));
    RunView run = runUntilIngesting(request(1));
    warehouseCounts = new IncarnationCounts(290L, 5, "the latest pane of every fixed window");
    droppedLate = 5L;
    clock.advance(Duration.ofMinutes(1));
    awaitRun(runs, run.id(), RunState.SUCCEEDED);

    RunView done = runs.get(run.id());
    assertThat(droppedLateAskedFor).containsExactly(done.jobId());
    assertThat(done.summary().droppedLate()).isEqualTo(5L);
    assertThat(done.summary().reconciled()).isTrue();
  }

  @Test
  void usersMissingBeyondThoseDroppedLateDoNotReconcile() {
    given(ingest.status()).willReturn(published(300));
    RunView run = runUntilIngesting(request(1));
    warehouseCounts = new IncarnationCounts(290L, 5, "the latest pane of every fixed window");
    droppedLate = 4L;
    clock.advance(Duration.ofMinutes(1));
    awaitRun(runs, run.id(), RunState.SUCCEEDED);

    RunView done = runs.get(run.id());
    assertThat(done.summary().droppedLate()).isEqualTo(4L);
    assertThat(done.summary().reconciled()).isFalse();
  }

  @Test
  void aBacklogThatCannotBeReadWaitsTheBoundThenDrainsAndSaysSo() {
    given(ingest.status()).willReturn(published(300));
    RunView run = runUntilIngesting(request(1));
    // What the Cloud Monitoring client throws for an account without monitoring.timeSeries.list.
    backlogFailure =
        new PermissionDeniedException(
            new StatusRuntimeException(
                Status.PERMISSION_DENIED.withDescription(
                    "Permission monitoring.timeSeries.list denied (or the resource may not"
                        + " exist).")),
            GrpcStatusCode.of(Status.Code.PERMISSION_DENIED),
            false);
    warehouseCounts = new IncarnationCounts(300L, 0, "the latest pane of every fixed window");
    clock.advance(Duration.ofMinutes(1));
    awaitStep(runs, run.id(), RunStep.DRAIN_JOB, StepState.RUNNING);

    // Not drained at once: the wait lasts the bound (1 minute here), then the drain goes ahead.
    await().atMost(Duration.ofSeconds(10)).until(() -> backlogReads.get() > 0);
    assertThat(launcher.state(runs.get(run.id()).jobId())).isEqualTo(JobState.RUNNING);
    clock.advance(Duration.ofMinutes(2));
    awaitRun(runs, run.id(), RunState.SUCCEEDED);

    RunView done = runs.get(run.id());
    assertThat(done.step(RunStep.DRAIN_JOB).state()).isEqualTo(StepState.SUCCEEDED);
    assertThat(done.step(RunStep.DRAIN_JOB).detail())
        .startsWith("the backlog could not be read (")
        .contains("PERMISSION_DENIED")
        .contains("the configured bound, instead, then drains (test subscription)");
    assertThat(launcher.state(done.jobId())).isEqualTo(JobState.DRAINED);
    // Read once, not on every poll; the summary is still recorded.
    assertThat(backlogReads.get()).isEqualTo(1);
    assertThat(done.summary().counted()).isEqualTo(300);
    assertThat(meters.counter(RunReconciliation.BACKLOG_UNREADABLE).count()).isEqualTo(1.0);
  }

  @Test
  void drainGoesAheadAfterTheBoundAndTheSummarySaysTheRunDoesNotReconcile() {
    given(ingest.status()).willReturn(published(300));
    RunView run = runUntilIngesting(request(1));
    undelivered.set(50);
    warehouseCounts = new IncarnationCounts(250L, 0, "the latest pane of every fixed window");
    clock.advance(Duration.ofMinutes(1));
    awaitStep(runs, run.id(), RunStep.DRAIN_JOB, StepState.RUNNING);

    // Past demostream.runs.drain-backlog-timeout (1 minute here), once the wait has begun.
    await().atMost(Duration.ofSeconds(10)).until(() -> backlogReads.get() > 0);
    clock.advance(Duration.ofMinutes(2));
    awaitRun(runs, run.id(), RunState.SUCCEEDED);

    RunView done = runs.get(run.id());
    assertThat(done.step(RunStep.DRAIN_JOB).detail())
        .startsWith("gave up waiting for the backlog: backlog 50 -> 50 messages after");
    assertThat(done.summary().reconciled()).isFalse();
    assertThat(done.summary().counted()).isEqualTo(250);
    assertThat(launcher.state(done.jobId())).isEqualTo(JobState.DRAINED);
  }

  @Test
  void aRunWhoseIngestionNeverStartedDrainsAtOnceWithoutASummary() {
    given(ingest.start(any()))
        .willThrow(new IngestClientException(400, "ingest-service refused the start", null));
    undelivered.set(99);

    RunView run = runs.start(request(1));
    awaitStep(runs, run.id(), RunStep.AWAIT_JOB_RUNNING, StepState.RUNNING);
    launcher.setState(runs.get(run.id()).jobId(), JobState.RUNNING);
    awaitRun(runs, run.id(), RunState.FAILED);

    RunView failed = runs.get(run.id());
    assertThat(launcher.state(failed.jobId())).isEqualTo(JobState.DRAINED);
    assertThat(failed.summary()).isNull();
  }

  @Test
  void windingDownGivesUpAfterItsAttemptsAndFailsTheRun() {
    RunView run = runUntilIngesting(request(1));
    launcher.stopFailures.set(100);

    clock.advance(Duration.ofMinutes(1));

    awaitRun(runs, run.id(), RunState.FAILED);
    assertThat(runs.get(run.id()).error()).startsWith("drain-job: ").contains("UNAVAILABLE");
    assertThat(launcher.stopFailures.get()).isEqualTo(96);
  }
}
