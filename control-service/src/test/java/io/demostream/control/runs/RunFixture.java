package io.demostream.control.runs;

import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

import com.zaxxer.hikari.HikariDataSource;
import io.demostream.control.ingest.IngestClient;
import io.demostream.control.ingest.IngestionStatus;
import io.demostream.control.jobs.FakeLauncher;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.JobsProperties;
import io.demostream.control.jobs.PipelineLauncher;
import io.demostream.control.jobs.StartJobRequest;
import io.demostream.control.reconcile.IncarnationCounts;
import io.demostream.control.reconcile.SubscriptionBacklog;
import io.demostream.control.reconcile.WarehouseCounts;
import io.demostream.control.resources.ResourceService;
import io.demostream.control.testing.MutableClock;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * What every test of runs and their steps shares: a {@link FakeLauncher} behind the real {@link
 * JobService}, Mockito mocks for ingest-service and resources, a backlog and warehouse counts the
 * tests set, a file H2 state database (so a second service can take over), and a clock the tests
 * move. One test class per step extends it ({@code *StepTests}); {@link RunServiceTests} holds the
 * whole run.
 */
abstract class RunFixture {

  @TempDir Path stateDir;

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T22:00:00Z"));
  final FakeLauncher launcher = new FakeLauncher();
  final ResourceService resources = mock(ResourceService.class);
  final IngestClient ingest = mock(IngestClient.class);
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  // The subscription's backlog and the warehouse's counts, as the tests set them.
  final AtomicLong undelivered = new AtomicLong();
  final AtomicInteger backlogReads = new AtomicInteger();
  // What reading the backlog throws, as the Cloud Monitoring client would; null: it answers.
  volatile RuntimeException backlogFailure;
  final List<String> countedIncarnations = new CopyOnWriteArrayList<>();
  volatile IncarnationCounts warehouseCounts;
  // Users the job's runner says it dropped beyond the allowed lateness; null: unknown.
  volatile Long droppedLate;
  final List<String> droppedLateAskedFor = new CopyOnWriteArrayList<>();
  final SubscriptionBacklog backlog =
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
  final WarehouseCounts counts =
      (incarnationId, tiling, runStarted) -> {
        countedIncarnations.add(incarnationId);
        return warehouseCounts;
      };
  final List<RunExecutor> executors = new ArrayList<>();
  DataSource dataSource;
  RunService runs;
  RunExecutor executor;

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

  /** The launcher the runs' jobs go through: the {@link FakeLauncher} unless a test says. */
  PipelineLauncher pipelineLauncher() {
    return launcher;
  }

  /** A service as after a (re)start: a new JobService over the same launcher, the same DB. */
  RunService newService() {
    JobService jobs =
        new JobService(
            pipelineLauncher(),
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

  /** A one-minute run with the defaults but for its job's parameters. */
  static RunRequest withJob(StartJobRequest job) {
    return new RunRequest(1, null, null, null, null, null, job);
  }

  static RunRequest request(int minutes) {
    return new RunRequest(minutes, "synthetic", 50, null, null, null, null);
  }

  void awaitStep(RunService service, String runId, RunStep step, StepState state) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> service.get(runId).step(step).state() == state);
  }

  void awaitRun(RunService service, String runId, RunState state) {
    await().atMost(Duration.ofSeconds(10)).until(() -> service.get(runId).state() == state);
  }

  /** Lets the run get as far as waiting out its duration. */
  RunView runUntilIngesting(RunRequest request) {
    RunView run = runs.start(request);
    awaitStep(runs, run.id(), RunStep.AWAIT_JOB_RUNNING, StepState.RUNNING);
    launcher.setState(runs.get(run.id()).jobId(), JobState.RUNNING);
    awaitStep(runs, run.id(), RunStep.RUN_FOR_DURATION, StepState.RUNNING);
    return runs.get(run.id());
  }

  static IngestionStatus published(long messages) {
    return new IngestionStatus(
        "STOPPED", "synthetic", null, Map.of("messagesPublished", messages), null, null);
  }
}
