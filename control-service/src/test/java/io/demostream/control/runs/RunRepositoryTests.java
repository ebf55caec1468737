package io.demostream.control.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The state database's one schema (Flyway's) and the repository's SQL, on H2 and PostgreSQL. */
class RunRepositoryTests {

  @TempDir Path dir;

  private final Instant now = Instant.parse("2026-12-01T10:00:00Z");

  private static RunRequest request() {
    return new RunRequest(3, "synthetic", 20, null, null, null, null);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void runAndStepsRoundTrip(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.open(kind, dir).migrated()) {
      RunRepository repository = new RunRepository(db.dataSource());
      repository.insert("run-1", request(), now);

      RunView run = repository.view("run-1").orElseThrow();
      assertThat(run.state()).isEqualTo(RunState.RUNNING);
      assertThat(run.request()).isEqualTo(request());
      assertThat(run.createdAt()).isEqualTo(now);
      assertThat(run.steps())
          .extracting(RunView.StepView::state)
          .containsOnly(StepState.PENDING)
          .hasSize(RunStep.values().length);

      repository.stepStarted("run-1", RunStep.ENSURE_RESOURCES, now);
      repository.stepEnded(
          "run-1", RunStep.ENSURE_RESOURCES, StepState.FAILED, now, "x".repeat(5000));
      repository.jobStarted("run-1", "job-7");
      repository.endsAt("run-1", now.plus(3, ChronoUnit.MINUTES));
      assertThat(repository.requestStop("run-1")).isTrue();
      assertThat(repository.unfinishedIds()).containsExactly("run-1");
      repository.finish("run-1", RunState.STOPPED, now, null);

      RunView ended = repository.view("run-1").orElseThrow();
      assertThat(ended.state()).isEqualTo(RunState.STOPPED);
      assertThat(ended.jobId()).isEqualTo("job-7");
      assertThat(ended.endsAt()).isEqualTo(now.plus(3, ChronoUnit.MINUTES));
      assertThat(ended.step(RunStep.ENSURE_RESOURCES).error()).hasSize(4000).endsWith("...");
      assertThat(repository.unfinishedIds()).isEmpty();
      assertThat(repository.requestStop("run-1")).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void recentRunsComeNewestFirst(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.open(kind, dir).migrated()) {
      RunRepository repository = new RunRepository(db.dataSource());
      repository.insert("older", request(), now);
      repository.insert("newer", request(), now.plusSeconds(1));

      assertThat(repository.recent(10)).extracting(RunView::id).containsExactly("newer", "older");
      assertThat(repository.recent(1)).extracting(RunView::id).containsExactly("newer");
      assertThat(repository.unfinishedIds()).containsExactly("older", "newer");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aDatabaseFromBeforeFlywayKeepsItsRunsAndIsMigrated(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabase.open(kind, dir)) {
      // The tables as the service created them itself before Flyway: the first migration's SQL.
      String v1 =
          Files.readString(Path.of("src/main/resources/db/migration/V1__runs.sql"))
              .replaceAll("(?m)^--.*$", "");
      JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
      for (String statement : v1.split(";")) {
        if (!statement.isBlank()) {
          jdbc.execute(statement);
        }
      }
      new RunRepository(db.dataSource()).insert("kept", request(), now);

      db.migrated();
      db.migrated();

      RunRepository repository = new RunRepository(db.dataSource());
      assertThat(repository.unfinishedIds()).containsExactly("kept");
      assertThat(repository.view("kept").orElseThrow().steps()).hasSize(RunStep.values().length);
    }
  }
}
