package io.demostream.control.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.control.testing.TestWarehouses;
import io.demostream.control.warehouse.JdbcWarehouse;
import io.demostream.events.warehouse.WarehouseTables;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** One incarnation's counts in an H2 warehouse holding the rows of two. */
class JdbcWarehouseCountsTests {

  private static final Instant STARTED = Instant.parse("2026-03-01T09:30:00Z");

  private static final Instant TEN = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dataDir;

  private JdbcWarehouse warehouse;
  private JdbcWarehouseCounts counts;
  private long emitted;

  @BeforeEach
  void open() {
    warehouse = TestWarehouses.withTables(TestWarehouses.embedded(dataDir));
    counts = new JdbcWarehouseCounts(warehouse);
  }

  @AfterEach
  void close() {
    warehouse.destroy();
  }

  @Test
  void countsTheLatestPaneOfEachOfTheIncarnationsWindowsAndItsDeadLetters() {
    JdbcTemplate jdbc = warehouse.jdbcTemplate();
    pane(jdbc, "run-1", TEN, 0, 3);
    pane(jdbc, "run-1", TEN, 1, 5);
    pane(jdbc, "run-1", TEN.plusSeconds(60), 0, 2);
    // Another run into the same window: not this run's users.
    pane(jdbc, "run-2", TEN, 0, 40);
    deadLetter(jdbc, "run-1", "data: INVALID_JSON: x");
    deadLetter(jdbc, "run-1", "bigquery.window_summary: REJECTED: not a message");
    deadLetter(jdbc, "run-2", "data: INVALID_JSON: y");

    IncarnationCounts run1 =
        counts.count(
            "run-1", new WindowTiling(Duration.ofMinutes(1), Duration.ofMinutes(1)), STARTED);

    assertThat(run1.counted()).isEqualTo(7);
    assertThat(run1.deadLettered()).isEqualTo(1);
    assertThat(run1.accountedFor()).isEqualTo(8);
    assertThat(
            counts.count(
                "run-3", new WindowTiling(Duration.ofMinutes(1), Duration.ofMinutes(1)), STARTED))
        .isEqualTo(new IncarnationCounts(0L, 0, "the latest pane of every fixed window"));
  }

  @Test
  void slidingWindowsAreCountedFromTheNonOverlappingOnes() {
    JdbcTemplate jdbc = warehouse.jdbcTemplate();
    // 2-minute windows every minute: each of 4 users is in two windows.
    pane(jdbc, "run-1", TEN.minusSeconds(60), 0, 1);
    pane(jdbc, "run-1", TEN, 0, 3);
    pane(jdbc, "run-1", TEN.plusSeconds(60), 0, 3);
    pane(jdbc, "run-1", TEN.plusSeconds(120), 0, 1);

    IncarnationCounts sliding =
        counts.count(
            "run-1", new WindowTiling(Duration.ofMinutes(2), Duration.ofMinutes(1)), STARTED);

    assertThat(sliding.counted()).isEqualTo(4);
    assertThat(sliding.countedFrom()).contains("sliding windows starting at multiples of 120s");
  }

  private void pane(JdbcTemplate jdbc, String jobId, Instant start, long paneIndex, long users) {
    jdbc.update(
        WarehouseTables.WINDOW_SUMMARY.insertSql(),
        Timestamp.from(start),
        Timestamp.from(start.plusSeconds(60)),
        "EARLY",
        paneIndex,
        Timestamp.from(TEN.plusSeconds(3600 + ++emitted)),
        users,
        users,
        0L,
        0L,
        30.0,
        2.0,
        jobId);
  }

  private static void deadLetter(JdbcTemplate jdbc, String jobId, String error) {
    jdbc.update(
        WarehouseTables.DEAD_LETTER.insertSql(),
        Timestamp.from(TEN),
        null,
        error,
        "{}",
        "{}",
        jobId);
  }
}
