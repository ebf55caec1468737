package io.demostream.control.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demostream.control.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two executors (two replicas) on one state database, on H2 and PostgreSQL: a run is executed by
 * exactly one of them, and the run of an executor that died is resumed by the other once its lease
 * expired. The steps only record who performed them.
 */
class RunExecutorLeaseTests {

  private static final Duration LEASE = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final List<String> performed = new CopyOnWriteArrayList<>();
  private final AtomicBoolean holdAtTheWait = new AtomicBoolean();
  private final List<RunExecutor> executors = new ArrayList<>();

  @AfterEach
  void stopExecutors() {
    executors.forEach(RunExecutor::shutdown);
  }

  /** One replica: its own repository, leases and executor over the shared database. */
  private RunExecutor replica(TestDatabase db) {
    RunsProperties properties =
        new RunsProperties(
            Duration.ofMinutes(1),
            Duration.ofMillis(5),
            LEASE,
            Duration.ofMillis(20),
            Duration.ofMinutes(1));
    RunExecutor[] self = new RunExecutor[1];
    List<Step> steps =
        Arrays.stream(RunStep.values()).map(id -> (Step) new RecordingStep(id, self)).toList();
    self[0] =
        new RunExecutor(
            new RunRepository(db.dataSource()),
            new RunLeases(db.dataSource()),
            steps,
            properties,
            new SimpleMeterRegistry(),
            clock);
    executors.add(self[0]);
    return self[0];
  }

  /** Records {@code run/step/owner[/repeated]}; run-for-duration waits while told to hold. */
  private final class RecordingStep implements Step {
    private final RunStep id;
    private final RunExecutor[] executor;

    RecordingStep(RunStep id, RunExecutor[] executor) {
      this.id = id;
      this.executor = executor;
    }

    @Override
    public RunStep kind() {
      return id;
    }

    @Override
    public StepState perform(StepContext context) {
      performed.add(
          context.runId()
              + "/"
              + id.stepName()
              + "/"
              + executor[0].owner()
              + (context.repeated() ? "/repeated" : ""));
      // A little real time in every step, so that two executors would overlap if both ran it.
      context.pause();
      while (id == RunStep.RUN_FOR_DURATION && holdAtTheWait.get()) {
        context.pause();
      }
      return StepState.SUCCEEDED;
    }
  }

  private static RunRequest request() {
    return new RunRequest(1, null, null, null, null, null, null);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void twoExecutorsOnOneDatabaseNeverExecuteTheSameRun(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.open(kind, dir).migrated()) {
      RunRepository repository = new RunRepository(db.dataSource());
      List<String> runIds = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String id = "run-" + i;
        repository.insert(id, request(), clock.instant().plusMillis(i));
        runIds.add(id);
      }
      RunExecutor first = replica(db);
      RunExecutor second = replica(db);

      // Both replicas start at once and race for the same unfinished runs.
      first.start();
      second.start();

      await().atMost(Duration.ofSeconds(30)).until(() -> repository.unfinishedIds().isEmpty());
      assertThat(runIds)
          .allSatisfy(
              id ->
                  assertThat(repository.view(id).orElseThrow().state())
                      .isEqualTo(RunState.SUCCEEDED));
      // Every step of every run performed exactly once, and each run by one executor only.
      assertThat(performed)
          .hasSize(runIds.size() * RunStep.values().length)
          .doesNotHaveDuplicates();
      Map<String, List<String>> ownersByRun =
          performed.stream()
              .map(line -> line.split("/", 3))
              .collect(
                  Collectors.groupingBy(
                      parts -> parts[0],
                      Collectors.mapping(parts -> parts[2], Collectors.toList())));
      assertThat(ownersByRun).hasSize(runIds.size());
      ownersByRun.forEach((run, owners) -> assertThat(owners).as(run).containsOnly(owners.get(0)));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void runOfAnExecutorThatDiedIsResumedByTheOtherOnceItsLeaseExpired(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.open(kind, dir).migrated()) {
      RunRepository repository = new RunRepository(db.dataSource());
      RunLeases leases = new RunLeases(db.dataSource());
      holdAtTheWait.set(true);
      repository.insert("run-1", request(), clock.instant());
      RunExecutor dying = replica(db);
      dying.start();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> performed.contains("run-1/run-for-duration/" + dying.owner()));

      // A second replica comes up: while the first renews its lease, it leaves the run alone.
      RunExecutor survivor = replica(db);
      survivor.start();
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> performed.stream().noneMatch(line -> line.contains(survivor.owner())));
      assertThat(leases.owner("run-1")).isEqualTo(dying.owner());

      // The first replica dies mid-step: no more renewals, no release. Within the lease, nothing.
      dying.crash();
      clock.advance(LEASE.minusSeconds(1));
      await()
          .during(Duration.ofMillis(200))
          .atMost(Duration.ofSeconds(2))
          .until(() -> performed.stream().noneMatch(line -> line.contains(survivor.owner())));

      // Once the lease has expired, the survivor takes the run over and repeats the open step.
      clock.advance(Duration.ofSeconds(2));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> performed.contains("run-1/run-for-duration/" + survivor.owner() + "/repeated"));
      holdAtTheWait.set(false);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> repository.view("run-1").orElseThrow().state() == RunState.SUCCEEDED);

      assertThat(performed)
          .containsExactly(
              "run-1/ensure-resources/" + dying.owner(),
              "run-1/start-job/" + dying.owner(),
              "run-1/await-job-running/" + dying.owner(),
              "run-1/start-ingestion/" + dying.owner(),
              "run-1/run-for-duration/" + dying.owner(),
              "run-1/run-for-duration/" + survivor.owner() + "/repeated",
              "run-1/stop-ingestion/" + survivor.owner(),
              "run-1/drain-job/" + survivor.owner());
      assertThat(leases.owner("run-1")).isNull();
    }
  }
}
