package io.demostream.control.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.zaxxer.hikari.HikariDataSource;
import io.demostream.control.api.ConflictException;
import io.demostream.control.ingest.IngestClient;
import io.demostream.control.ingest.IngestClientException;
import io.demostream.control.ingest.IngestRequestInvalidException;
import io.demostream.control.ingest.IngestionStartRequest;
import io.demostream.control.ingest.IngestionStatus;
import io.demostream.control.jobs.FakeLauncher;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.JobsProperties;
import io.demostream.control.jobs.StartJobRequest;
import io.demostream.control.jobs.WindowType;
import io.demostream.control.reconcile.IncarnationCounts;
import io.demostream.control.reconcile.RunSummary;
import io.demostream.control.reconcile.SubscriptionBacklog;
import io.demostream.control.reconcile.WarehouseCounts;
import io.demostream.control.resources.ResourceKind;
import io.demostream.control.resources.ResourceOperationException;
import io.demostream.control.resources.ResourceService;
import io.demostream.control.testing.MutableClock;
import io.demostream.support.problem.InvalidRequestException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * Runs with the launcher, ingest-service and resources replaced: a {@link FakeLauncher} behind the
 * real {@link JobService}, Mockito mocks for the rest, a file H2 state database (so a second
 * service can take over), and a clock the tests move.
 */
class RunServiceTests {

  @TempDir Path stateDir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T22:00:00Z"));
  private final FakeLauncher launcher = new FakeLauncher();
  private final ResourceService resources = mock(ResourceService.class);
  private final IngestClient ingest = mock(IngestClient.class);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  // The subscription's backlog and the warehouse's counts, as the tests set them.
  private final AtomicLong undelivered = new AtomicLong();
  private final AtomicInteger backlogReads = new AtomicInteger();
  // What reading the backlog throws, as the Cloud Monitoring client would; null: it answers.
  private volatile RuntimeException backlogFailure;
  private final List<String> countedIncarnations = new CopyOnWriteArrayList<>();
  private volatile IncarnationCounts warehouseCounts;
  // Users the job's runner says it dropped beyond the allowed lateness; null: unknown.
  private volatile Long droppedLate;
  private final List<String> droppedLateAskedFor = new CopyOnWriteArrayList<>();
  private final SubscriptionBacklog backlog =
      new SubscriptionBacklog() {
        @Override
        public Optional<Reading> read(Query query) {
          backlogReads.incrementAndGet();
          RuntimeException failure = backlogFailure;
          if (failure != null) {
            throw failure;
          }
          return Optional.of(new Reading(undelivered.get(), clock.instant()));
        }

        @Override
        public String source() {
          return "test subscription";
        }
      };
  private final WarehouseCounts counts =
      (incarnationId, tiling, runStarted) -> {
        countedIncarnations.add(incarnationId);
        return warehouseCounts;
      };
  private final List<RunExecutor> executors = new ArrayList<>();
  private DataSource dataSource;
  private RunService runs;
  private RunExecutor executor;

  @BeforeEach
  void createService() {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl("jdbc:h2:file:" + stateDir.resolve("control-state"));
    dataSource = pool;
    StateDatabase.migrate(dataSource);
    runs = newService();
    executor = executors.get(0);
  }

  @AfterEach
  void shutdown() {
    executors.forEach(RunExecutor::shutdown);
    ((HikariDataSource) dataSource).close();
  }

  /** A service as after a (re)start: a new JobService over the same launcher, the same DB. */
  private RunService newService() {
    JobService jobs =
        new JobService(
            launcher,
            new JobsProperties(
                "demostream", Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(5)),
            meters,
            clock);
    RunsProperties properties =
        new RunsProperties(
            Duration.ofMinutes(5),
            Duration.ofMillis(10),
            Duration.ofHours(1),
            Duration.ofMillis(50),
            Duration.ofMinutes(1));
    RunRepository repository = new RunRepository(dataSource);
    RunReconciliation reconciliation =
        new RunReconciliation(
            ingest,
            jobs,
            repository,
            backlog,
            counts,
            jobId -> {
              droppedLateAskedFor.add(jobId);
              return Optional.ofNullable(droppedLate);
            },
            properties.drainBacklogTimeout(),
            meters,
            clock);
    RunExecutor executor =
        new RunExecutor(
            repository,
            new RunLeases(dataSource),
            RunsConfiguration.steps(
                repository, resources, jobs, ingest, reconciliation, properties),
            properties,
            meters,
            clock);
    executors.add(executor);
    return new RunService(new RunValidator(ingest), repository, executor, clock);
  }

  private static RunRequest request(int minutes) {
    return new RunRequest(minutes, "synthetic", 50, null, null, null, null);
  }

  private void awaitStep(RunService service, String runId, RunStep step, StepState state) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> service.get(runId).step(step).state() == state);
  }

  private void awaitRun(RunService service, String runId, RunState state) {
    await().atMost(Duration.ofSeconds(10)).until(() -> service.get(runId).state() == state);
  }

  /** Lets the run get as far as waiting out its duration. */
  private RunView runUntilIngesting(RunRequest request) {
    RunView run = runs.start(request);
    awaitStep(runs, run.id(), RunStep.AWAIT_JOB_RUNNING, StepState.RUNNING);
    launcher.setState(runs.get(run.id()).jobId(), JobState.RUNNING);
    awaitStep(runs, run.id(), RunStep.RUN_FOR_DURATION, StepState.RUNNING);
    return runs.get(run.id());
  }

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

  private static IngestionStatus published(long messages) {
    return new IngestionStatus(
        "STOPPED", "synthetic", null, Map.of("messagesPublished", messages), null, null);
  }

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
  void jobParametersOfTheRunReachTheJob() {
    RunView run =
        runs.start(
            new RunRequest(
                1,
                null,
                null,
                null,
                null,
                null,
                new StartJobRequest("sliding", "10m", "1m", null, null, null, true)));
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
  void passingFaultsWhileWindingDownAreRetried() {
    RunView run = runUntilIngesting(request(1));
    launcher.stopFailures.set(2);
    given(ingest.stop())
        .willThrow(new IngestClientException(0, "ingest-service cannot be reached", null))
        .willReturn(null);

    clock.advance(Duration.ofMinutes(1));

    awaitRun(runs, run.id(), RunState.SUCCEEDED);
    verify(ingest, times(2)).stop();
    assertThat(launcher.state(run.jobId())).isEqualTo(JobState.DRAINED);
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
                    new RunRequest(
                        1,
                        null,
                        null,
                        null,
                        null,
                        null,
                        new StartJobRequest("weekly", null, null, null, null, null, null))))
        .isInstanceOf(InvalidRequestException.class)
        .extracting("field")
        .isEqualTo("job.windowType");
    assertThat(runs.list()).isEmpty();
  }
}
