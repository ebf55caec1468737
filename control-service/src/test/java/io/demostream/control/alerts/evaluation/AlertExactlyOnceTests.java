package io.demostream.control.alerts.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.control.alerts.AlertsDatabase;
import io.demostream.control.alerts.notify.AlertChannel;
import io.demostream.control.alerts.notify.AlertMessage;
import io.demostream.control.alerts.notify.AlertMetrics;
import io.demostream.control.alerts.notify.Outbox;
import io.demostream.control.alerts.notify.OutboxDispatcher;
import io.demostream.control.alerts.rules.AlertRule;
import io.demostream.control.alerts.rules.AlertRuleRepository;
import io.demostream.control.alerts.rules.Condition;
import io.demostream.control.alerts.rules.Metric;
import io.demostream.control.alerts.rules.Severity;
import io.demostream.control.alerts.rules.StoredRule;
import io.demostream.control.alerts.silences.Silence;
import io.demostream.control.alerts.silences.SilenceRepository;
import io.demostream.events.panes.WindowPaneMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two replicas on one state database (H2 and PostgreSQL): every transition is recorded once and
 * notified once, none lost, with both evaluating the same panes at the same instant, both
 * dispatching, a dispatcher dying with rows claimed, and an evaluator restarted mid-alert.
 */
class AlertExactlyOnceTests {

  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @TempDir Path dir;

  /** A clock the test moves; every replica reads the same one. */
  static final class TestClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(T0);

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }
  }

  /** A channel that records what it was given, by dedup key. */
  static final class RecordingChannel implements AlertChannel {
    final Map<String, Integer> sends = new ConcurrentHashMap<>();
    final List<AlertMessage> messages = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "pubsub";
    }

    @Override
    public void send(AlertMessage message, String json) {
      sends.merge(message.dedupKey(), 1, Integer::sum);
      messages.add(message);
    }
  }

  /** One replica: its own repositories, evaluator and dispatcher on the shared database. */
  record Replica(AlertEvaluator evaluator, OutboxDispatcher dispatcher, Outbox outbox) {}

  private Replica replica(
      AlertsDatabase db, String name, TestClock clock, AlertChannel channel, Duration lease) {
    AlertRuleRepository rules = new AlertRuleRepository(db.dataSource(), AlertsDatabase.JSON);
    Outbox outbox = new Outbox(db.dataSource());
    AlertMetrics metrics = new AlertMetrics(new SimpleMeterRegistry());
    AlertEvaluator evaluator =
        new AlertEvaluator(
            rules,
            new AlertStateStore(db.dataSource(), AlertsDatabase.JSON, outbox),
            new RunActivity(db.dataSource()),
            metrics,
            clock,
            Duration.ofSeconds(3),
            null);
    OutboxDispatcher dispatcher =
        new OutboxDispatcher(
            outbox,
            List.of(channel),
            new SilenceRepository(db.dataSource()),
            metrics,
            rules::recordNotification,
            AlertsDatabase.JSON,
            clock,
            name,
            lease,
            5,
            Duration.ofSeconds(1),
            Duration.ofSeconds(10));
    return new Replica(evaluator, dispatcher, outbox);
  }

  private static StoredRule trafficDrop(AlertsDatabase db) {
    AlertRule rule =
        new AlertRule(
            "traffic-drop",
            Metric.USERS,
            null,
            null,
            new Condition.Below(50.0, 80.0),
            1,
            Severity.WARNING,
            List.of("pubsub"),
            0L,
            false);
    return new AlertRuleRepository(db.dataSource(), AlertsDatabase.JSON)
        .insert("rule-1", rule.normalized(), T0);
  }

  static WindowPaneMessage pane(int window, long users) {
    long start = T0.toEpochMilli() + window * 20_000L;
    return new WindowPaneMessage(
        "inc-1",
        start,
        start + 20_000,
        "ON_TIME",
        1,
        start + 20_000,
        List.of(new WindowPaneMessage.Cell("France", "male", users, 30.0 * users, 4.0 * users)),
        List.of());
  }

  /** Users per window: fires at 1, 5 and 9, resolves at 3 and 7; the band between holds. */
  private static final long[] USERS = {100, 40, 60, 90, 100, 30, 70, 85, 100, 45};

  @ParameterizedTest
  @EnumSource(AlertsDatabase.Kind.class)
  void twoReplicasRecordAndNotifyEachTransitionOnce(AlertsDatabase.Kind kind) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (AlertsDatabase db = AlertsDatabase.open(kind, dir)) {
      trafficDrop(db);
      TestClock clock = new TestClock();
      RecordingChannel channel = new RecordingChannel();
      Replica a = replica(db, "replica-a", clock, channel, Duration.ofSeconds(30));
      Replica b = replica(db, "replica-b", clock, channel, Duration.ofSeconds(30));

      for (int w = 0; w < USERS.length; w++) {
        WindowPaneMessage pane = pane(w, USERS[w]);
        // Both replicas get the same pane at the same instant (a redelivery racing the first).
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Void> first =
            CompletableFuture.runAsync(
                () -> at(together, () -> a.evaluator().onPane(pane)), threads);
        CompletableFuture<Void> second =
            CompletableFuture.runAsync(
                () -> at(together, () -> b.evaluator().onPane(pane)), threads);
        // ...while both dispatch whatever is due.
        CompletableFuture<Void> dispatchA =
            CompletableFuture.runAsync(() -> a.dispatcher().dispatch(), threads);
        CompletableFuture<Void> dispatchB =
            CompletableFuture.runAsync(() -> b.dispatcher().dispatch(), threads);
        CompletableFuture.allOf(first, second, dispatchA, dispatchB).get();
        clock.advance(Duration.ofSeconds(20));
      }
      drain(threads, a, b);

      List<String> statuses =
          db.jdbc().queryForList("SELECT status FROM alert_transitions ORDER BY id", String.class);
      assertThat(statuses).containsExactly("firing", "resolved", "firing", "resolved", "firing");
      assertThat(channel.sends)
          .hasSize(5)
          .allSatisfy((key, times) -> assertThat(times).as(key).isEqualTo(1));
      assertThat(channel.messages)
          .extracting(AlertMessage::status)
          .containsExactly("firing", "resolved", "firing", "resolved", "firing");
      assertThat(a.outbox().pending()).isZero();
    } finally {
      threads.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(AlertsDatabase.Kind.class)
  void aDispatcherThatDiesHoldingRowsLeavesThemToTheOtherOnceItsLeaseExpires(
      AlertsDatabase.Kind kind) {
    try (AlertsDatabase db = AlertsDatabase.open(kind, dir)) {
      trafficDrop(db);
      TestClock clock = new TestClock();
      RecordingChannel channel = new RecordingChannel();
      Replica a = replica(db, "replica-a", clock, channel, Duration.ofSeconds(30));
      Replica b = replica(db, "replica-b", clock, channel, Duration.ofSeconds(30));
      a.evaluator().onPane(pane(0, 10));

      // Replica a claims the firing notification and dies before sending it.
      assertThat(a.outbox().claim("replica-a", clock.instant(), Duration.ofSeconds(30), 10))
          .hasSize(1);
      assertThat(b.dispatcher().dispatch()).as("leased to a").isZero();
      clock.advance(Duration.ofSeconds(31));

      assertThat(b.dispatcher().dispatch()).isEqualTo(1);
      assertThat(channel.messages).extracting(AlertMessage::status).containsExactly("firing");
      assertThat(b.dispatcher().dispatch()).isZero();
      assertThat(channel.sends.values()).containsExactly(1);
    }
  }

  @ParameterizedTest
  @EnumSource(AlertsDatabase.Kind.class)
  void aRestartedReplicaResumesFromTheStoredState(AlertsDatabase.Kind kind) {
    try (AlertsDatabase db = AlertsDatabase.open(kind, dir)) {
      trafficDrop(db);
      TestClock clock = new TestClock();
      RecordingChannel channel = new RecordingChannel();
      Replica before = replica(db, "replica-a", clock, channel, Duration.ofSeconds(30));
      before.evaluator().onPane(pane(0, 100));
      before.evaluator().onPane(pane(1, 10));
      before.dispatcher().dispatch();

      // A new process on the same database: the pane of window 1 redelivered, then recovery.
      Replica after = replica(db, "replica-a2", clock, channel, Duration.ofSeconds(30));
      after.evaluator().onPane(pane(1, 10));
      after.evaluator().onPane(pane(2, 60));
      after.evaluator().onPane(pane(3, 90));
      after.dispatcher().dispatch();

      assertThat(channel.messages)
          .extracting(AlertMessage::status)
          .containsExactly("firing", "resolved");
      assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM alert_transitions", Integer.class))
          .isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(AlertsDatabase.Kind.class)
  void aSilenceSuppressesTheNotificationButNotTheTransition(AlertsDatabase.Kind kind) {
    try (AlertsDatabase db = AlertsDatabase.open(kind, dir)) {
      trafficDrop(db);
      TestClock clock = new TestClock();
      RecordingChannel channel = new RecordingChannel();
      Replica a = replica(db, "replica-a", clock, channel, Duration.ofSeconds(30));
      new SilenceRepository(db.dataSource())
          .insert(new Silence("s-1", "rule-1", "all", T0, T0.plusSeconds(60), "maintenance", T0));

      a.evaluator().onPane(pane(0, 10));
      a.dispatcher().dispatch();
      clock.advance(Duration.ofSeconds(61));
      a.evaluator().onPane(pane(1, 90));
      a.dispatcher().dispatch();

      assertThat(channel.messages).extracting(AlertMessage::status).containsExactly("resolved");
      assertThat(
              db.jdbc().queryForList("SELECT outcome FROM alert_outbox ORDER BY id", String.class))
          .containsExactly("silenced", "sent");
      assertThat(
              db.jdbc()
                  .queryForList("SELECT status FROM alert_transitions ORDER BY id", String.class))
          .containsExactly("firing", "resolved");
    }
  }

  private static void drain(ExecutorService threads, Replica a, Replica b) throws Exception {
    for (int i = 0; i < 10 && a.outbox().pending() > 0; i++) {
      CompletableFuture.allOf(
              CompletableFuture.runAsync(() -> a.dispatcher().dispatch(), threads),
              CompletableFuture.runAsync(() -> b.dispatcher().dispatch(), threads))
          .get();
    }
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
