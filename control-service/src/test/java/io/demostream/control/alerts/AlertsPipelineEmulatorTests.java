package io.demostream.control.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.MessageReceiver;
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
import io.demostream.events.EventSource;
import io.demostream.events.UserEventMessage;
import io.demostream.events.UserEventMessages;
import io.demostream.events.panes.WindowPaneMessage;
import io.demostream.events.synthetic.SyntheticUserGenerator;
import io.demostream.events.testing.PubSubEmulator;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Alerts end to end with the real pipeline: synthetic users published to the users topic of the
 * Pub/Sub emulator at 20 users/s, the bundled pipeline jar on the DirectRunner (10 s windows,
 * shorter than the 20 s to keep the test short) publishing its panes to the panes topic,
 * this service judging a rule "users per 10 s window below 100" on them while a run is active.
 * Ingestion stops in the middle of a window: the alert fires within 5 s of that window's on-time
 * pane (or, if no pane comes, of when its gap is due: its end plus the pipeline's lag plus the gap
 * grace, 150 s here); ingestion restarts: the alert resolves within 5 s of the first on-time pane
 * with users again. The alerts topic receives exactly one firing and one resolved message per
 * cycle, with their attributes.
 *
 * <p>Each cycle's latencies (crossing pane published on the panes topic to alert published on the
 * alerts topic, both the emulator's publish times) are printed as {@code [alerts-e2e]} lines;
 * {@code -Dalerts.e2e.cycles=N} runs N stop/restart cycles (default 1) for docs/BENCHMARKS.md. Runs
 * with {@code -Dalerts.e2e.pipeline=true} (minutes long). Skipped without an emulator; needs {@code
 * ../pipeline/target/pipeline-bundled.jar}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "demostream.security.api-token=alerts-e2e-token",
      "spring.cloud.gcp.project-id=demo-project",
      // A stopped ingestion's last on-time panes can still come a minute late on the DirectRunner:
      // it recreates its source's reader from time to time, and a new reader that has read nothing
      // defers to Beam's one-minute idle rule. A grace of a minute raced those panes and judged the
      // window before the stop empty first (CI); the grace must exceed that minute plus the lag.
      // Gap filling is proven on a clock (AlertEvaluatorGapTests).
      "demostream.alerts.gap-grace=150s",
      "demostream.alerts.gap-check-interval=500ms"
    })
class AlertsPipelineEmulatorTests {

  static final Path PIPELINE_JAR =
      Path.of("../pipeline/target/pipeline-bundled.jar").toAbsolutePath().normalize();
  private static final String PROJECT = "demo-project";
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String USERS = "demostream-users-" + SUFFIX;
  private static final String USERS_SUB = "demostream-users-pipeline-" + SUFFIX;
  private static final String PANES = "demostream-panes-" + SUFFIX;
  private static final String PANES_SUB = "demostream-panes-control-" + SUFFIX;
  private static final String PANES_SEEN = "demostream-panes-seen-" + SUFFIX;
  private static final String ALERTS = "demostream-alerts-" + SUFFIX;
  private static final String ALERTS_SUB = "demostream-alerts-test-" + SUFFIX;
  private static final long WINDOW_MILLIS = 10_000;
  private static final long THRESHOLD = 100;
  private static final int USERS_PER_SECOND = 20;
  private static final Duration GAP_GRACE = Duration.ofSeconds(150);

  /**
   * How late the DirectRunner's panes may come: at load 18 on the 2-core machine its on-time panes
   * came up to 96 s after their windows' ends (at 20 users/s). The latencies asserted are from the
   * pane, not from the window.
   */
  private static final Duration PIPELINE_LAG = Duration.ofSeconds(180);

  private static final Path DIR = tempDir();
  private static final Path LOG = Path.of("target/alerts-pipeline-e2e.log").toAbsolutePath();

  private static ManagedChannel channel;
  private static FixedTransportChannelProvider transport;
  private static TopicAdminClient topics;
  private static SubscriptionAdminClient subscriptions;
  private static Publisher users;
  private static final List<Subscriber> subscribers = new ArrayList<>();
  private static final List<PubsubMessage> alerts = new CopyOnWriteArrayList<>();

  /** On-time panes seen on the panes topic: window start to (users, publish time). */
  private static final Map<Long, SeenPane> onTimePanes = new ConcurrentHashMap<>();

  record SeenPane(long users, Instant publishedAt) {}

  @Autowired TestRestTemplate rest;
  @Autowired DataSource state;

  @BeforeAll
  static void topics() throws Exception {
    // Opt-in: after a stop, the DirectRunner's last on-time panes came 4 s, 58 s and 158 s late in
    // three runs (a reader it recreates defers to Beam's one-minute idle rule, and longer when
    // starved), so a CI run could not bound this test. docs/ALERTS.md has the figures.
    assumeTrue(
        "true".equals(System.getProperty("alerts.e2e.pipeline")),
        "the alerts end-to-end test on the DirectRunner runs with -Dalerts.e2e.pipeline=true");
    assumeTrue(PubSubEmulator.isAvailable(), PubSubEmulator::skipReason);
    assertThat(PIPELINE_JAR)
        .withFailMessage(
            "The pipeline jar %s is missing: ./mvnw -B -o -pl pipeline -am package -DskipTests",
            PIPELINE_JAR)
        .isRegularFile();
    channel =
        ManagedChannelBuilder.forTarget(PubSubEmulator.hostPort().orElseThrow())
            .usePlaintext()
            .build();
    transport = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
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
    for (String topic : List.of(USERS, PANES, ALERTS)) {
      topics.createTopic(TopicName.of(PROJECT, topic));
    }
    subscribe(USERS_SUB, USERS);
    subscribe(PANES_SUB, PANES);
    subscribe(PANES_SEEN, PANES);
    subscribe(ALERTS_SUB, ALERTS);
    users =
        Publisher.newBuilder(TopicName.of(PROJECT, USERS))
            .setChannelProvider(transport)
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build();
    listen(
        PANES_SEEN,
        (message, consumer) -> {
          WindowPaneMessage pane = WindowPaneMessage.fromJson(message.getData().toByteArray());
          if ("ON_TIME".equals(pane.paneTiming())) {
            System.out.printf(
                "[alerts-e2e] on-time pane of window %s: %d users, published %d ms after its"
                    + " end%n",
                Instant.ofEpochMilli(pane.windowStartMillis()),
                pane.users(),
                publishTime(message).toEpochMilli() - pane.windowEndMillis());
            onTimePanes.put(
                pane.windowStartMillis(), new SeenPane(pane.users(), publishTime(message)));
          } else if ("LATE".equals(pane.paneTiming())) {
            System.out.printf(
                "[alerts-e2e] late pane of window %s: %d users%n",
                Instant.ofEpochMilli(pane.windowStartMillis()), pane.users());
          }
          consumer.ack();
        });
    listen(
        ALERTS_SUB,
        (message, consumer) -> {
          alerts.add(message);
          consumer.ack();
        });
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("demostream.local.data-dir", DIR::toString);
    registry.add(
        "spring.cloud.gcp.pubsub.emulator-host", () -> PubSubEmulator.hostPort().orElse(""));
    registry.add("demostream.pubsub.panes-subscription", () -> PANES_SUB);
    registry.add("demostream.pubsub.alerts-topic", () -> ALERTS);
  }

  @AfterAll
  static void close() throws Exception {
    if (channel == null) {
      return;
    }
    for (Subscriber subscriber : subscribers) {
      subscriber.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
    }
    users.shutdown();
    for (String subscription : List.of(USERS_SUB, PANES_SEEN, ALERTS_SUB)) {
      subscriptions.deleteSubscription(SubscriptionName.of(PROJECT, subscription));
    }
    // The panes subscription and topic stay: the service reads them until its context closes.
    topics.deleteTopic(TopicName.of(PROJECT, USERS));
    topics.deleteTopic(TopicName.of(PROJECT, ALERTS));
    topics.close();
    subscriptions.close();
    channel.shutdownNow();
  }

  @Test
  void stoppingIngestionMidRunFiresWithinFiveSecondsAndRestartingItResolvesOnceEach()
      throws Exception {
    activeRun(new JdbcTemplate(state));
    int cycles = Integer.getInteger("alerts.e2e.cycles", 1);

    Ingestion ingestion = new Ingestion();
    Process pipeline = startPipeline();
    try {
      ingestion.start();
      // Steady traffic first: two on-time panes above the threshold, and no alert.
      await()
          .atMost(PIPELINE_LAG.plusSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                assertThat(pipeline.isAlive()).as("the pipeline runs; log %s", LOG).isTrue();
                return onTimePanes.values().stream().filter(p -> p.users() >= THRESHOLD).count()
                    >= 2;
              });
      // The rule, once the pipeline is steady (the first, partial window is not a drop).
      Instant ruleCreated = Instant.now();
      ResponseEntity<JsonNode> created =
          rest.postForEntity(
              "/api/v1/alert-rules",
              json(
                  "{\"name\":\"users-drop\",\"metric\":\"users\",\"condition\":{\"type\":\"below\","
                      + "\"threshold\":"
                      + THRESHOLD
                      + "},\"severity\":\"critical\",\"notify\":[\"pubsub\"]}"),
              JsonNode.class);
      assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
      String ruleId = created.getBody().get("id").asText();
      await()
          .atMost(PIPELINE_LAG)
          .until(
              () ->
                  onTimePanes.values().stream()
                          .filter(p -> p.publishedAt().isAfter(ruleCreated))
                          .count()
                      >= 1);
      assertThat(alerts).isEmpty();

      for (int cycle = 1; cycle <= cycles; cycle++) {
        // Stop 3 s into a window: about 60 users in it, below the threshold.
        awaitWindowOffset(Duration.ofSeconds(3));
        ingestion.stop();
        long stoppedWindow = Instant.now().toEpochMilli() / WINDOW_MILLIS * WINDOW_MILLIS;
        int before = alerts.size();
        await()
            .atMost(PIPELINE_LAG.plus(GAP_GRACE))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> alerts.size() > before);
        PubsubMessage firing = alerts.get(before);
        assertMessage(firing, ruleId, "firing");
        JsonNode fired = body(firing);
        long firedWindow = Instant.parse(fired.get("windowStart").asText()).toEpochMilli();
        // The window ingestion stopped in (by its on-time pane), or, if that pane never came, the
        // first window after it, judged by its gap.
        assertThat(firedWindow)
            .isBetween(stoppedWindow, stoppedWindow + WINDOW_MILLIS)
            .matches(w -> w == stoppedWindow || !onTimePanes.containsKey(w), "judged by its gap");
        Duration fireLatency = latency("firing", firing, firedWindow);
        assertThat(fireLatency).isLessThan(Duration.ofSeconds(5));

        // Restart: the first window with users again resolves.
        ingestion.start();
        await()
            .atMost(PIPELINE_LAG)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> alerts.size() > before + 1);
        PubsubMessage resolved = alerts.get(before + 1);
        assertMessage(resolved, ruleId, "resolved");
        long resolvedWindow =
            Instant.parse(body(resolved).get("windowStart").asText()).toEpochMilli();
        assertThat(onTimePanes.get(resolvedWindow))
            .as("resolved by an on-time pane with users")
            .isNotNull();
        assertThat(latency("resolved", resolved, resolvedWindow)).isLessThan(Duration.ofSeconds(5));
        // Steady again before the next cycle: a whole window above the threshold.
        await()
            .atMost(PIPELINE_LAG)
            .until(
                () ->
                    onTimePanes.entrySet().stream()
                        .anyMatch(e -> e.getKey() > resolvedWindow && e.getValue().users() >= 100));
      }
      ingestion.stop();

      // Nothing more comes: exactly one firing and one resolved message per cycle.
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> alerts.size() == 2 * cycles);
      assertThat(alerts.stream().map(m -> m.getAttributesMap().get("dedup_key")).distinct())
          .hasSize(2 * cycles);
      assertThat(alerts.stream().map(m -> m.getAttributesMap().get("status")))
          .containsExactlyElementsOf(
              java.util.Collections.nCopies(cycles, List.of("firing", "resolved")).stream()
                  .flatMap(List::stream)
                  .toList());
    } finally {
      ingestion.close();
      stop(pipeline);
    }
  }

  /**
   * Pane published on the panes topic to alert published on the alerts topic; for a window judged
   * by its gap (no on-time pane came), from the window's end plus the gap grace plus the pipeline's
   * lag at the time (that of the window before's on-time pane), which is when it is due.
   */
  private static Duration latency(String status, PubsubMessage alert, long windowStart) {
    SeenPane pane = onTimePanes.get(windowStart);
    Instant from;
    if (pane != null) {
      from = pane.publishedAt();
    } else {
      SeenPane before = onTimePanes.get(windowStart - WINDOW_MILLIS);
      long lag = before == null ? 0 : before.publishedAt().toEpochMilli() - windowStart;
      from = Instant.ofEpochMilli(windowStart + WINDOW_MILLIS + Math.max(0, lag)).plus(GAP_GRACE);
    }
    Duration latency = Duration.between(from, publishTime(alert));
    System.out.printf(
        "[alerts-e2e] %s window %s by %s: %d ms (pane published or gap due -> alert published)%n",
        status,
        Instant.ofEpochMilli(windowStart),
        pane != null ? "on-time pane of " + pane.users() + " users" : "gap (no pane)",
        latency.toMillis());
    return latency;
  }

  private static void assertMessage(PubsubMessage message, String ruleId, String status)
      throws IOException {
    assertThat(message.getAttributesMap())
        .containsEntry("rule_id", ruleId)
        .containsEntry("severity", "critical")
        .containsEntry("status", status)
        .containsKey("dedup_key");
    JsonNode body = body(message);
    assertThat(body.get("status").asText()).isEqualTo(status);
    assertThat(body.get("ruleName").asText()).isEqualTo("users-drop");
    assertThat(body.get("metric").asText()).isEqualTo("users");
    assertThat(body.get("seriesKey").asText()).isEqualTo("all");
    assertThat(body.get("dedupKey").asText())
        .isEqualTo(message.getAttributesMap().get("dedup_key"));
    if (status.equals("firing")) {
      assertThat(body.get("value").asDouble()).isLessThan(THRESHOLD);
    } else {
      assertThat(body.get("value").asDouble()).isGreaterThanOrEqualTo(THRESHOLD);
    }
  }

  private static JsonNode body(PubsubMessage message) throws IOException {
    return AlertsDatabase.JSON.readTree(message.getData().toStringUtf8());
  }

  /** A run active since now, executed (leased) by another replica: alerts judge gaps. */
  static void activeRun(JdbcTemplate jdbc) {
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update(
        "INSERT INTO control_runs (id, state, request_json, created_at) VALUES (?, ?, ?, ?)",
        "run-alerts-e2e",
        "RUNNING",
        "{}",
        now);
    jdbc.update("INSERT INTO control_active_run (slot, run_id) VALUES (1, 'run-alerts-e2e')");
    jdbc.update(
        "INSERT INTO control_run_leases (run_id, owner, expires_at) VALUES (?, ?, ?)",
        "run-alerts-e2e",
        "another-replica",
        Timestamp.from(Instant.now().plus(Duration.ofHours(1))));
  }

  /** Synthetic users at 20/s with event time now, while started. */
  static final class Ingestion implements AutoCloseable {
    private final SyntheticUserGenerator generator = new SyntheticUserGenerator(7);
    private final AtomicBoolean publishing = new AtomicBoolean();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();

    Ingestion() {
      thread.scheduleAtFixedRate(this::publishBatch, 0, 250, TimeUnit.MILLISECONDS);
    }

    void start() {
      publishing.set(true);
    }

    /** Stops; returns once no publish is under way. */
    void stop() throws Exception {
      publishing.set(false);
      thread.submit(() -> {}).get(10, TimeUnit.SECONDS);
    }

    private void publishBatch() {
      if (!publishing.get()) {
        return;
      }
      List<com.google.api.core.ApiFuture<String>> sent = new ArrayList<>();
      for (int i = 0; i < USERS_PER_SECOND / 4; i++) {
        UserEventMessage user =
            UserEventMessages.toMessage(
                generator.nextUser(), null, Instant.now(), EventSource.SYNTHETIC);
        sent.add(
            users.publish(
                PubsubMessage.newBuilder()
                    .setData(ByteString.copyFrom(user.data()))
                    .putAllAttributes(user.attributes())
                    .build()));
      }
      try {
        com.google.api.core.ApiFutures.allAsList(sent).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("publishing users failed", e);
      }
    }

    @Override
    public void close() {
      thread.shutdownNow();
    }
  }

  private static Process startPipeline() throws IOException {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-jar",
            PIPELINE_JAR.toString(),
            "--runner=DirectRunner",
            "--source=pubsub",
            "--inputSubscription=projects/" + PROJECT + "/subscriptions/" + USERS_SUB,
            "--pubsubRootUrl=http://" + PubSubEmulator.hostPort().orElseThrow(),
            "--windowSize=10s",
            "--earlyFiringInterval=5s",
            "--panesTopic=projects/" + PROJECT + "/topics/" + PANES,
            "--incarnationId=alerts-e2e-" + SUFFIX,
            "--drainSignalFile=" + DIR.resolve("drain"),
            "--sink=jdbc",
            "--jdbcUrl=jdbc:h2:file:" + DIR.resolve("warehouse"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(LOG.toFile())
        .start();
  }

  private static void stop(Process pipeline) throws Exception {
    Files.createFile(DIR.resolve("drain"));
    if (!pipeline.waitFor(30, TimeUnit.SECONDS)) {
      pipeline.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Returns once the current window is at least {@code offset} old (waiting for the next one). */
  private static void awaitWindowOffset(Duration offset) {
    await()
        .atMost(Duration.ofMillis(WINDOW_MILLIS * 2))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              long inWindow = Instant.now().toEpochMilli() % WINDOW_MILLIS;
              return inWindow >= offset.toMillis() && inWindow < offset.toMillis() + 1_000;
            });
  }

  private static void subscribe(String subscription, String topic) {
    subscriptions.createSubscription(
        SubscriptionName.of(PROJECT, subscription),
        TopicName.of(PROJECT, topic),
        PushConfig.getDefaultInstance(),
        30);
  }

  private static void listen(String subscription, MessageReceiver receiver) {
    Subscriber subscriber =
        Subscriber.newBuilder(ProjectSubscriptionName.of(PROJECT, subscription), receiver)
            .setChannelProvider(transport)
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build();
    subscriber.startAsync().awaitRunning();
    subscribers.add(subscriber);
  }

  private static Instant publishTime(PubsubMessage message) {
    return Instant.ofEpochSecond(
        message.getPublishTime().getSeconds(), message.getPublishTime().getNanos());
  }

  private static HttpEntity<String> json(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBearerAuth("alerts-e2e-token");
    return new HttpEntity<>(body, headers);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("alerts-pipeline-e2e");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
