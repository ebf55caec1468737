package io.demostream.control.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.demostream.control.ControlApplication;
import io.demostream.control.alerts.rules.AlertRule;
import io.demostream.control.alerts.rules.AlertRuleRepository;
import io.demostream.control.alerts.rules.Condition;
import io.demostream.control.alerts.rules.Metric;
import io.demostream.control.alerts.rules.Severity;
import io.demostream.events.panes.WindowPaneMessage;
import io.demostream.events.testing.PubSubEmulator;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two control-service replicas as two child processes (the service's {@code main} on the test
 * classpath) sharing one real PostgreSQL schema and one panes subscription of the Pub/Sub emulator;
 * panes published as the pipeline publishes them. Once the drop's alert has been published, one
 * replica is killed ({@code SIGKILL}: no shutdown hook, nothing released); the recovery panes are
 * then judged by the survivor. The alerts topic receives exactly one {@code firing} and one {@code
 * resolved} message (by {@code dedup_key}), and the state database records exactly those two
 * transitions. Skipped without an emulator or without {@code DEMOSTREAM_TEST_POSTGRES_URL}.
 */
class AlertsReplicasPostgresEmulatorTests {

  private static final String PROJECT = "demo-project";
  private static final long WINDOW_MILLIS = 10_000;

  @TempDir Path dir;

  private final List<Process> replicas = new ArrayList<>();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process replica : replicas) {
      replica.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void aReplicaKilledBetweenFiringAndResolvingNeitherLosesNorRepeatsATransition() throws Exception {
    assumeTrue(
        !"false".equals(System.getProperty("alerts.e2e")),
        "alerts end-to-end tests skipped with -Dalerts.e2e=false");
    assumeTrue(PubSubEmulator.isAvailable(), PubSubEmulator::skipReason);
    AlertsDatabase db = AlertsDatabase.open(AlertsDatabase.Kind.POSTGRESQL, dir);
    closing.add(db);
    String schemaUrl = ((com.zaxxer.hikari.HikariDataSource) db.dataSource()).getJdbcUrl();
    new AlertRuleRepository(db.dataSource(), AlertsDatabase.JSON)
        .insert(
            "rule-replicas",
            new AlertRule(
                    "users-drop",
                    Metric.USERS,
                    null,
                    null,
                    new Condition.Below(50.0, 80.0),
                    1,
                    Severity.WARNING,
                    List.of("pubsub"),
                    0L,
                    false)
                .normalized(),
            Instant.now());

    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String panesTopic = "demostream-panes-" + suffix;
    String panesSubscription = "demostream-panes-control-" + suffix;
    String alertsTopic = "demostream-alerts-" + suffix;
    String alertsSubscription = "demostream-alerts-test-" + suffix;
    ManagedChannel channel =
        ManagedChannelBuilder.forTarget(PubSubEmulator.hostPort().orElseThrow())
            .usePlaintext()
            .build();
    closing.add(channel::shutdownNow);
    FixedTransportChannelProvider transport =
        FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    TopicAdminClient topics =
        TopicAdminClient.create(
            TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(transport)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
    SubscriptionAdminClient subscriptions =
        SubscriptionAdminClient.create(
            SubscriptionAdminSettings.newBuilder()
                .setTransportChannelProvider(transport)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
    closing.add(topics);
    closing.add(subscriptions);
    topics.createTopic(TopicName.of(PROJECT, panesTopic));
    topics.createTopic(TopicName.of(PROJECT, alertsTopic));
    // A short ack deadline: what the killed replica held unacknowledged comes back soon.
    subscriptions.createSubscription(
        SubscriptionName.of(PROJECT, panesSubscription),
        TopicName.of(PROJECT, panesTopic),
        PushConfig.getDefaultInstance(),
        10);
    subscriptions.createSubscription(
        SubscriptionName.of(PROJECT, alertsSubscription),
        TopicName.of(PROJECT, alertsTopic),
        PushConfig.getDefaultInstance(),
        30);
    closing.add(
        () -> {
          subscriptions.deleteSubscription(SubscriptionName.of(PROJECT, alertsSubscription));
          subscriptions.deleteSubscription(SubscriptionName.of(PROJECT, panesSubscription));
          topics.deleteTopic(TopicName.of(PROJECT, alertsTopic));
          topics.deleteTopic(TopicName.of(PROJECT, panesTopic));
        });
    List<PubsubMessage> alerts = new CopyOnWriteArrayList<>();
    Subscriber alertsSubscriber =
        Subscriber.newBuilder(
                ProjectSubscriptionName.of(PROJECT, alertsSubscription),
                (com.google.cloud.pubsub.v1.MessageReceiver)
                    (message, consumer) -> {
                      alerts.add(message);
                      consumer.ack();
                    })
            .setChannelProvider(transport)
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build();
    alertsSubscriber.startAsync().awaitRunning();
    closing.add(() -> alertsSubscriber.stopAsync().awaitTerminated(10, TimeUnit.SECONDS));
    Publisher panes =
        Publisher.newBuilder(TopicName.of(PROJECT, panesTopic))
            .setChannelProvider(transport)
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build();
    closing.add(panes::shutdown);

    List<String> common =
        List.of(
            "--spring.datasource.url=" + schemaUrl,
            "--spring.cloud.gcp.project-id=" + PROJECT,
            "--spring.cloud.gcp.pubsub.emulator-host=" + PubSubEmulator.hostPort().orElseThrow(),
            "--demostream.pubsub.panes-subscription=" + panesSubscription,
            "--demostream.pubsub.alerts-topic=" + alertsTopic,
            "--demostream.alerts.lease-duration=5s",
            // A dead replica's leased panes come back when their lease runs out: keep leases short
            // (the client's default stream deadline is a minute, extended while it lives).
            "--spring.cloud.gcp.pubsub.subscriber.max-duration-per-ack-extension=10",
            "--demostream.security.api-token=replicas-token",
            "--server.port=0",
            "--management.server.port=0");
    // Logs stay in target/ for a failure to be read.
    Path logs = Files.createDirectories(Path.of("target", "alerts-replicas-" + suffix));
    Path logA = logs.resolve("replica-a.log");
    Path logB = logs.resolve("replica-b.log");
    Process a = startReplica(common, "a", logA);
    Process b = startReplica(common, "b", logB);
    for (Path log : List.of(logA, logB)) {
      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                assertThat(a.isAlive() && b.isAlive())
                    .as("both replicas run; logs in %s", logs.toAbsolutePath())
                    .isTrue();
                return Files.readString(log).contains("Evaluating alert rules on the panes");
              });
    }

    long start = Instant.now().minusSeconds(60).toEpochMilli() / WINDOW_MILLIS * WINDOW_MILLIS;
    publish(panes, pane(start, 0, 120));
    publish(panes, pane(start, 1, 20));
    await().atMost(Duration.ofSeconds(30)).until(() -> alerts.size() == 1);
    assertThat(alerts.get(0).getAttributesMap()).containsEntry("status", "firing");

    // Between firing and resolving: one replica dies without any shutdown.
    a.destroyForcibly();
    assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();

    publish(panes, pane(start, 1, 20)); // a redelivery of the drop
    publish(panes, pane(start, 2, 60)); // inside the recover band
    publish(panes, pane(start, 3, 100));
    // Panes the emulator had handed to the dead replica's stream come back only once it gives
    // that stream up: give it time.
    await().atMost(Duration.ofMinutes(3)).until(() -> alerts.size() >= 2);
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(8))
        .until(() -> alerts.size() == 2);
    assertThat(alerts)
        .extracting(m -> m.getAttributesMap().get("status"))
        .containsExactly("firing", "resolved");
    Map<String, Long> byDedupKey =
        alerts.stream()
            .collect(
                Collectors.groupingBy(
                    m -> m.getAttributesMap().get("dedup_key"), Collectors.counting()));
    assertThat(byDedupKey).hasSize(2).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
    for (PubsubMessage message : alerts) {
      assertThat(message.getAttributesMap())
          .containsEntry("rule_id", "rule-replicas")
          .containsEntry("severity", "warning");
      JsonNode body = AlertsDatabase.JSON.readTree(message.getData().toStringUtf8());
      assertThat(body.get("dedupKey").asText())
          .isEqualTo(message.getAttributesMap().get("dedup_key"));
    }
    assertThat(
            db.jdbc()
                .queryForList("SELECT status FROM alert_transitions ORDER BY id", String.class))
        .containsExactly("firing", "resolved");
    assertThat(db.jdbc().queryForList("SELECT outcome FROM alert_outbox ORDER BY id", String.class))
        .containsExactly("sent", "sent");
    assertThat(b.isAlive()).as("the survivor still runs").isTrue();
  }

  private Process startReplica(List<String> common, String name, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ControlApplication.class.getName());
    command.addAll(common);
    command.add("--demostream.local.data-dir=" + Files.createDirectories(dir.resolve(name)));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    replicas.add(process);
    return process;
  }

  private static WindowPaneMessage pane(long start, int window, long users) {
    long windowStart = start + window * WINDOW_MILLIS;
    return new WindowPaneMessage(
        "demostream-replicas",
        windowStart,
        windowStart + WINDOW_MILLIS,
        "ON_TIME",
        1,
        System.currentTimeMillis(),
        List.of(new WindowPaneMessage.Cell("France", "female", users, 35.0 * users, 5.0 * users)),
        List.of(new WindowPaneMessage.AgeBandCell("25-34", users)));
  }

  private static void publish(Publisher publisher, WindowPaneMessage pane) throws Exception {
    publisher
        .publish(
            PubsubMessage.newBuilder()
                .setData(ByteString.copyFrom(pane.toJson()))
                .putAttributes(WindowPaneMessage.PANE_TIMING_ATTRIBUTE, pane.paneTiming())
                .build())
        .get(10, TimeUnit.SECONDS);
  }
}
