package io.demostream.control.alerts.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.control.alerts.AlertsDatabase;
import io.demostream.control.alerts.evaluation.AlertExactlyOnceTests.TestClock;
import io.demostream.control.alerts.notify.AlertMetrics;
import io.demostream.control.alerts.notify.Outbox;
import io.demostream.control.alerts.rules.AlertRule;
import io.demostream.control.alerts.rules.AlertRuleRepository;
import io.demostream.control.alerts.rules.Condition;
import io.demostream.control.alerts.rules.Metric;
import io.demostream.control.alerts.rules.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
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
 * Gap filling through the evaluator on a clock, with two replicas on one state database (H2 and
 * PostgreSQL): a window that ends without any pane while a run is active is judged 0 users once its
 * grace has passed (not before, and not without a run), once however many replicas check at the
 * same instant, and notified once.
 */
class AlertEvaluatorGapTests {

  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(3);

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(AlertsDatabase.Kind.class)
  void aWindowWithoutAnyPaneFiresOnceAfterItsGraceWhileARunIsActive(AlertsDatabase.Kind kind)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (AlertsDatabase db = AlertsDatabase.open(kind, dir)) {
      new AlertRuleRepository(db.dataSource(), AlertsDatabase.JSON)
          .insert(
              "rule-gap",
              new AlertRule(
                      "traffic-drop",
                      Metric.USERS,
                      null,
                      null,
                      new Condition.Below(50.0, 80.0),
                      1,
                      Severity.CRITICAL,
                      List.of("pubsub"),
                      0L,
                      false)
                  .normalized(),
              T0);
      TestClock clock = new TestClock();
      AlertEvaluator a = evaluator(db, clock);
      AlertEvaluator b = evaluator(db, clock);

      // Window 0 has its on-time pane; ingestion stops; window 1 (T0+20s..T0+40s) gets none.
      clock.advance(Duration.ofSeconds(20)); // the pane reaches the evaluator as its window ends
      a.onPane(AlertExactlyOnceTests.pane(0, 100));

      clock.advance(Duration.ofSeconds(23)); // T0+43s: window 1 ended 3 s ago
      a.fillGaps();
      assertThat(transitions(db)).as("no run active: nothing judged").isEmpty();

      activeRun(db, T0);
      clock.advance(Duration.ofMillis(-1));
      a.fillGaps();
      assertThat(transitions(db)).as("1 ms inside the grace").isEmpty();

      clock.advance(Duration.ofMillis(1));
      CyclicBarrier together = new CyclicBarrier(2);
      CompletableFuture.allOf(
              CompletableFuture.runAsync(() -> at(together, a::fillGaps), threads),
              CompletableFuture.runAsync(() -> at(together, b::fillGaps), threads))
          .get();
      a.fillGaps();
      b.fillGaps();

      assertThat(transitions(db)).containsExactly("all 2026-12-07T10:00:20Z normal>firing 0.0");
      assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM alert_outbox", Integer.class))
          .as("one notification")
          .isEqualTo(1);

      // Ingestion restarted: window 2 went silent too, window 3 has users again.
      clock.advance(Duration.ofSeconds(20));
      b.fillGaps();
      a.onPane(AlertExactlyOnceTests.pane(3, 100));
      assertThat(transitions(db))
          .containsExactly(
              "all 2026-12-07T10:00:20Z normal>firing 0.0",
              "all 2026-12-07T10:01:00Z firing>resolved 100.0");
    } finally {
      threads.shutdownNow();
    }
  }

  private static AlertEvaluator evaluator(AlertsDatabase db, TestClock clock) {
    return new AlertEvaluator(
        new AlertRuleRepository(db.dataSource(), AlertsDatabase.JSON),
        new AlertStateStore(db.dataSource(), AlertsDatabase.JSON, new Outbox(db.dataSource())),
        new RunActivity(db.dataSource()),
        new AlertMetrics(new SimpleMeterRegistry()),
        clock,
        GRACE,
        null);
  }

  private static void activeRun(AlertsDatabase db, Instant since) {
    db.jdbc()
        .update(
            "INSERT INTO control_runs (id, state, request_json, created_at) VALUES (?, ?, ?, ?)",
            "run-1",
            "RUNNING",
            "{}",
            Timestamp.from(since));
    db.jdbc().update("INSERT INTO control_active_run (slot, run_id) VALUES (1, 'run-1')");
  }

  private static List<String> transitions(AlertsDatabase db) {
    return db.jdbc()
        .query(
            "SELECT series_key, window_start, from_status, status, metric_value"
                + " FROM alert_transitions ORDER BY id",
            (rs, n) ->
                rs.getString(1)
                    + " "
                    + rs.getTimestamp(2).toInstant()
                    + " "
                    + rs.getString(3)
                    + ">"
                    + rs.getString(4)
                    + " "
                    + rs.getDouble(5));
  }

  private static void at(CyclicBarrier together, Runnable action) {
    try {
      together.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    action.run();
  }
}
