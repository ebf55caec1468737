package io.demostream.control.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import io.demostream.control.api.ConflictException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two replicas sharing one state database accept at most one run between them: the database's
 * active-run slot decides, not each replica's own lock. On H2 and on PostgreSQL.
 */
class ActiveRunSlotTests {

  private static final int ROUNDS = 20;

  @TempDir Path dir;

  private final Instant now = Instant.parse("2026-12-01T10:00:00Z");

  private static RunRequest request() {
    return new RunRequest(1, null, null, null, null, null, null);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void twoReplicasRecordingARunAtTheSameInstantRecordOne(TestDatabase.Kind kind) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (TestDatabase db = TestDatabase.open(kind, dir).migrated()) {
      // One repository per replica: each passed its own in-process check and now records its run.
      RunRepository first = new RunRepository(db.dataSource());
      RunRepository second = new RunRepository(db.dataSource());
      for (int round = 0; round < ROUNDS; round++) {
        String a = "a-" + round;
        String b = "b-" + round;
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Boolean> firstAccepted =
            CompletableFuture.supplyAsync(() -> insertAt(together, first, a), threads);
        CompletableFuture<Boolean> secondAccepted =
            CompletableFuture.supplyAsync(() -> insertAt(together, second, b), threads);

        assertThat(List.of(firstAccepted.get(), secondAccepted.get()))
            .as("round %d", round)
            .containsExactlyInAnyOrder(true, false);
        String winner = firstAccepted.get() ? a : b;
        assertThat(first.unfinishedIds()).containsExactly(winner);
        assertThat(first.activeRunId()).contains(winner);

        // The loser recorded nothing: no run, no steps. Ending the winner frees the slot.
        assertThat(first.find(firstAccepted.get() ? b : a)).isEmpty();
        first.finish(winner, RunState.SUCCEEDED, now, null);
        assertThat(first.activeRunId()).isEmpty();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private Boolean insertAt(CyclicBarrier together, RunRepository repository, String id) {
    try {
      together.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return repository.insertActive(id, request(), now);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aSecondReplicasServiceAnswersConflictWithTheActiveRun(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.open(kind, dir).migrated()) {
      RunService first = service(db);
      RunService second = service(db);

      RunView accepted = first.start(request());

      assertThatThrownBy(() -> second.start(request()))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining(accepted.id());
      assertThat(new RunRepository(db.dataSource()).unfinishedIds()).containsExactly(accepted.id());
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aSlotLeftByARunThatEndedIsTakenOver(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.open(kind, dir).migrated()) {
      RunRepository repository = new RunRepository(db.dataSource());
      assertThat(repository.insertActive("old", request(), now)).isTrue();
      // Ended without giving the slot back (an update by an older version of this service).
      new org.springframework.jdbc.core.JdbcTemplate(db.dataSource())
          .update("UPDATE control_runs SET state = 'FAILED' WHERE id = 'old'");

      assertThat(repository.insertActive("new", request(), now)).isTrue();
      assertThat(repository.activeRunId()).contains("new");
    }
  }

  private RunService service(TestDatabase db) {
    RunExecutor executor = mock(RunExecutor.class);
    return new RunService(
        mock(RunValidator.class), new RunRepository(db.dataSource()), executor, Clock.systemUTC());
  }
}
