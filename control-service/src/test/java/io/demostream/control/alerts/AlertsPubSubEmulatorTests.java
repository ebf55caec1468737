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
import io.demostream.events.panes.WindowPaneMessage;
import io.demostream.events.testing.PubSubEmulator;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Alerts end to end through the Pub/Sub emulator and the running service: panes published to the
 * panes topic as the pipeline publishes them, a rule "users per 20 s window below 50" created over
 * REST, the alert on the alerts topic with its attributes, once per transition; and how long from
 * the crossing pane's publication to the alert's arrival. Skipped without an emulator.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "demostream.security.api-token=alerts-token",
      "spring.cloud.gcp.project-id=demo-project"
    })
class AlertsPubSubEmulatorTests {

  private static final String PROJECT = "demo-project";
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String PANES = "demostream-panes-" + SUFFIX;
  private static final String PANES_SUB = "demostream-panes-control-" + SUFFIX;
  private static final String ALERTS = "demostream-alerts-" + SUFFIX;
  private static final String ALERTS_SUB = "demostream-alerts-test-" + SUFFIX;
  private static final Path DATA_DIR = tempDir();

  private static ManagedChannel channel;
  private static TopicAdminClient topics;
  private static SubscriptionAdminClient subscriptions;
  private static Publisher panes;
  private static Subscriber alertsSubscriber;
  private static final List<PubsubMessage> received = new CopyOnWriteArrayList<>();
  private static final List<Instant> receivedAt = new CopyOnWriteArrayList<>();

  @Autowired TestRestTemplate rest;

  @BeforeAll
  static void topics() throws Exception {
    assumeTrue(PubSubEmulator.isAvailable(), PubSubEmulator::skipReason);
    channel =
        ManagedChannelBuilder.forTarget(PubSubEmulator.hostPort().orElseThrow())
            .usePlaintext()
            .build();
    FixedTransportChannelProvider transport =
        FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    topics =
        TopicAdminClient.create(
            TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(transport)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
    subscriptions =
        SubscriptionAdminClient.create(
            SubscriptionAdminSettings.newBuilder()
                .setTransportChannelProvider(transport)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
    topics.createTopic(TopicName.of(PROJECT, PANES));
    topics.createTopic(TopicName.of(PROJECT, ALERTS));
    subscriptions.createSubscription(
        SubscriptionName.of(PROJECT, PANES_SUB),
        TopicName.of(PROJECT, PANES),
        PushConfig.getDefaultInstance(),
        30);
    subscriptions.createSubscription(
        SubscriptionName.of(PROJECT, ALERTS_SUB),
        TopicName.of(PROJECT, ALERTS),
        PushConfig.getDefaultInstance(),
        30);
    panes =
        Publisher.newBuilder(TopicName.of(PROJECT, PANES))
            .setChannelProvider(transport)
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build();
    alertsSubscriber =
        Subscriber.newBuilder(
                ProjectSubscriptionName.of(PROJECT, ALERTS_SUB),
                (com.google.cloud.pubsub.v1.MessageReceiver)
                    (message, consumer) -> {
                      receivedAt.add(Instant.now());
                      received.add(message);
                      consumer.ack();
                    })
            .setChannelProvider(transport)
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build();
    alertsSubscriber.startAsync().awaitRunning();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("demostream.local.data-dir", DATA_DIR::toString);
    registry.add(
        "spring.cloud.gcp.pubsub.emulator-host", () -> PubSubEmulator.hostPort().orElse(""));
    registry.add("demostream.pubsub.panes-subscription", () -> PANES_SUB);
    registry.add("demostream.pubsub.alerts-topic", () -> ALERTS);
  }

  @AfterAll
  static void close() throws Exception {
    if (alertsSubscriber != null) {
      alertsSubscriber.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
      panes.shutdown();
      subscriptions.deleteSubscription(SubscriptionName.of(PROJECT, ALERTS_SUB));
      // The panes subscription stays: the service's subscriber reads it until the context closes.
      topics.deleteTopic(TopicName.of(PROJECT, ALERTS));
      topics.close();
      subscriptions.close();
      channel.shutdownNow();
    }
  }

  @Test
  void aDropBelowTheThresholdFiresWithinFiveSecondsOfItsPaneAndResolvesOnceEach() throws Exception {
    ResponseEntity<JsonNode> created =
        rest.postForEntity(
            "/api/v1/alert-rules",
            json(
                "{\"name\":\"traffic-drop\",\"metric\":\"users\",\"condition\":{\"type\":\"below\","
                    + "\"threshold\":50,\"recover\":80},\"severity\":\"warning\","
                    + "\"notify\":[\"pubsub\"]}"),
            JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String ruleId = created.getBody().get("id").asText();

    long start = Instant.now().minusSeconds(120).toEpochMilli() / 20_000 * 20_000;
    // Normal traffic, then early panes of the drop window (ignored: partial counts).
    publish(pane(start, 0, "ON_TIME", 1, 120));
    publish(pane(start, 1, "ON_TIME", 1, 110));
    publish(pane(start, 2, "EARLY", 0, 10));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(received::isEmpty);

    // The on-time pane of the drop window: the alert must follow within 5 s.
    Instant crossing = Instant.now();
    publish(pane(start, 2, "ON_TIME", 1, 20));
    await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
    Duration latency = Duration.between(crossing, receivedAt.get(0));
    System.out.println(
        "Alert latency, crossing pane published -> alert received: " + latency.toMillis() + " ms");
    assertThat(latency).isLessThan(Duration.ofSeconds(5));

    PubsubMessage firing = received.get(0);
    assertThat(firing.getAttributesMap())
        .containsEntry("rule_id", ruleId)
        .containsEntry("severity", "warning")
        .containsEntry("status", "firing")
        .containsKey("dedup_key");
    JsonNode body = AlertsDatabase.JSON.readTree(firing.getData().toStringUtf8());
    assertThat(body.get("ruleId").asText()).isEqualTo(ruleId);
    assertThat(body.get("ruleName").asText()).isEqualTo("traffic-drop");
    assertThat(body.get("status").asText()).isEqualTo("firing");
    assertThat(body.get("seriesKey").asText()).isEqualTo("all");
    assertThat(body.get("metric").asText()).isEqualTo("users");
    assertThat(body.get("value").asDouble()).isEqualTo(20.0);
    assertThat(body.get("threshold").asDouble()).isEqualTo(50.0);
    assertThat(body.get("windowStart").asText())
        .isEqualTo(Instant.ofEpochMilli(start + 40_000).toString());
    assertThat(body.get("revision").asInt()).isZero();
    assertThat(body.has("startsAt")).isTrue();

    JsonNode current = rest.getForObject("/api/v1/alerts", JsonNode.class);
    assertThat(current).hasSize(1);
    assertThat(current.get(0).get("status").asText()).isEqualTo("firing");

    // The same pane redelivered, a window inside the recover band, then recovery.
    publish(pane(start, 2, "ON_TIME", 1, 20));
    publish(pane(start, 3, "ON_TIME", 1, 60));
    publish(pane(start, 4, "ON_TIME", 1, 100));
    await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
    assertThat(received.get(1).getAttributesMap()).containsEntry("status", "resolved");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .until(() -> received.size() == 2);
    assertThat(received.stream().map(m -> m.getAttributesMap().get("dedup_key")).distinct())
        .hasSize(2);
    assertThat(rest.getForObject("/api/v1/alerts", JsonNode.class)).isEmpty();
    JsonNode history =
        rest.getForObject(
            "/api/v1/alerts/history?from="
                + Instant.now().minusSeconds(600)
                + "&to="
                + Instant.now().plusSeconds(5),
            JsonNode.class);
    assertThat(history)
        .extracting(t -> t.get("status").asText())
        .containsExactly("firing", "resolved");
  }

  private static WindowPaneMessage pane(
      long start, int window, String timing, long index, long users) {
    long windowStart = start + window * 20_000L;
    return new WindowPaneMessage(
        "demostream-test",
        windowStart,
        windowStart + 20_000,
        timing,
        index,
        System.currentTimeMillis(),
        List.of(
            new WindowPaneMessage.Cell(
                "France", "female", users / 2, 35.0 * (users / 2), 5.0 * (users / 2)),
            new WindowPaneMessage.Cell(
                "Spain",
                "male",
                users - users / 2,
                40.0 * (users - users / 2),
                6.0 * (users - users / 2))),
        List.of(new WindowPaneMessage.AgeBandCell("25-34", users)));
  }

  private static void publish(WindowPaneMessage pane) throws Exception {
    panes
        .publish(
            PubsubMessage.newBuilder()
                .setData(ByteString.copyFrom(pane.toJson()))
                .putAttributes(WindowPaneMessage.PANE_TIMING_ATTRIBUTE, pane.paneTiming())
                .build())
        .get(10, TimeUnit.SECONDS);
  }

  private static HttpEntity<String> json(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBearerAuth("alerts-token");
    return new HttpEntity<>(body, headers);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("alerts-emulator");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
