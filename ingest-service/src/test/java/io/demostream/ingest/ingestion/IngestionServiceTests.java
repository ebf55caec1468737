package io.demostream.ingest.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.demostream.events.EventSource;
import io.demostream.ingest.publish.UserEventPublisher;
import io.demostream.ingest.source.RandomUserClient;
import io.demostream.ingest.source.RandomUserProperties;
import io.demostream.ingest.source.SyntheticProperties;
import io.demostream.ingest.testing.InProcessPubSub;
import io.demostream.ingest.testing.TestPublishing;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingestion loop end to end with the synthetic source (and an unreachable randomuser.me), the
 * real Pub/Sub client and an in-process fake Pub/Sub.
 */
class IngestionServiceTests {

  private static final int MAX_IN_FLIGHT = 500;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final CircuitBreaker circuitBreaker =
      CircuitBreaker.of(
          "randomuser",
          CircuitBreakerConfig.custom()
              .slidingWindowSize(4)
              .minimumNumberOfCalls(4)
              .waitDurationInOpenState(Duration.ofMinutes(5))
              .build());
  private TestPublishing publishing;
  private InProcessPubSub pubSub;
  private UserEventPublisher publisher;
  private IngestionService ingestion;
  private IngestionLifecycle lifecycle;

  @BeforeEach
  void setUp() throws IOException {
    publishing = TestPublishing.start(MAX_IN_FLIGHT, meters);
    pubSub = publishing.pubSub();
    publisher = publishing.publisher();
    RandomUserProperties randomUser =
        TestPublishing.randomUser(URI.create("http://127.0.0.1:" + closedPort() + "/api/"), 50);
    RandomUserClient client =
        new RandomUserClient(
            HttpClient.newBuilder().connectTimeout(randomUser.connectTimeout()).build(),
            randomUser,
            circuitBreaker,
            meters,
            Clock.systemUTC());
    ingestion = publishing.ingestion(client, randomUser, new SyntheticProperties(2000, 42L));
    lifecycle = new IngestionLifecycle(ingestion);
    lifecycle.start();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    pubSub.fake().release();
    lifecycle.stop();
    pubSub.close();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static StartCommand synthetic(int usersPerSecond, Duration duration) {
    return new StartCommand(EventSource.SYNTHETIC, usersPerSecond, null, null, null, duration);
  }

  @Test
  void statusIsIdleBeforeTheFirstRun() {
    IngestionStatus status = ingestion.status();

    assertThat(status.state()).isEqualTo(IngestionState.IDLE);
    assertThat(status.counts()).isEqualTo(IngestionCounts.ZERO);
    assertThat(status.circuit()).isEqualTo("CLOSED");
    assertThat(status.source()).isNull();
  }

  @Test
  void runStopsAtItsDurationWithEveryFetchedUserPublished() {
    IngestionStatus started = ingestion.start(synthetic(2000, Duration.ofSeconds(1)));
    assertThat(started.state()).isEqualTo(IngestionState.RUNNING);
    assertThat(started.source()).isEqualTo("synthetic");
    assertThat(meters.get(IngestionMetrics.RUNNING).gauge().value()).isEqualTo(1);

    await().until(() -> ingestion.status().state() == IngestionState.STOPPED);

    IngestionCounts counts = ingestion.status().counts();
    assertThat(counts.usersFetched()).isPositive();
    assertThat(counts.messagesPublished()).isEqualTo(counts.usersFetched());
    assertThat(counts.publishFailures()).isZero();
    assertThat(counts.requests()).isZero();
    assertThat(pubSub.fake().messageCount()).isEqualTo(counts.usersFetched());
    assertThat(meters.get(IngestionMetrics.USERS_FETCHED).tag("source", "synthetic").counter())
        .extracting(counter -> (long) counter.count())
        .isEqualTo(counts.usersFetched());
    assertThat(
            meters
                .get(IngestionMetrics.MESSAGES_PUBLISHED)
                .tag("source", "synthetic")
                .counter()
                .count())
        .isEqualTo(counts.messagesPublished());
    assertThat(meters.get(IngestionMetrics.RUNNING).gauge().value()).isZero();
  }

  @Test
  void startingWhileRunningIsRefusedWithTheCurrentState() {
    ingestion.start(synthetic(100, null));

    assertThatThrownBy(() -> ingestion.start(synthetic(100, null)))
        .isInstanceOfSatisfying(
            IngestionAlreadyRunningException.class,
            e -> assertThat(e.status().state()).isEqualTo(IngestionState.RUNNING));
  }

  @Test
  void aStoppedRunCanBeFollowedByANewOneWithFreshCounts() {
    ingestion.start(synthetic(2000, Duration.ofMillis(300)));
    await().until(() -> ingestion.status().state() == IngestionState.STOPPED);
    long firstRun = ingestion.status().counts().usersFetched();

    ingestion.start(synthetic(100, null));
    assertThat(ingestion.status().counts().usersFetched()).isLessThan(firstRun);
    assertThat(ingestion.status().state()).isEqualTo(IngestionState.RUNNING);
  }

  @Test
  void slowPubSubPausesFetchingAtMaxInFlight() {
    pubSub.fake().hold();
    ingestion.start(synthetic(100_000, null));

    await().until(() -> publisher.inFlight() == MAX_IN_FLIGHT);
    long fetched = ingestion.status().counts().usersFetched();
    // Fetching is paused, not buffering: nothing more is fetched while Pub/Sub holds its acks.
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> ingestion.status().counts().usersFetched() == fetched);
    assertThat(fetched).isLessThanOrEqualTo(MAX_IN_FLIGHT + 5000);

    pubSub.fake().release();
    await().until(() -> ingestion.status().counts().usersFetched() > fetched);
  }

  @Test
  void stopWaitsForInFlightPublishesBeforeReportingStopped() {
    pubSub.fake().hold();
    ingestion.start(synthetic(2000, null));
    await().until(() -> publisher.inFlight() > 0);

    assertThat(ingestion.stop().state()).isEqualTo(IngestionState.STOPPING);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> ingestion.status().state() == IngestionState.STOPPING);

    pubSub.fake().release();
    await().until(() -> ingestion.status().state() == IngestionState.STOPPED);
    IngestionCounts counts = ingestion.status().counts();
    assertThat(counts.messagesPublished()).isEqualTo(counts.usersFetched()).isPositive();
    assertThat(pubSub.fake().messageCount()).isEqualTo(counts.usersFetched());
  }

  @Test
  void gracefulShutdownLosesNoAcceptedUser() {
    pubSub.fake().hold();
    ingestion.start(synthetic(100_000, null));
    await().until(() -> publisher.inFlight() == MAX_IN_FLIGHT);

    AtomicBoolean shutDown = new AtomicBoolean();
    lifecycle.stop(() -> shutDown.set(true));
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !shutDown.get());
    assertThat(lifecycle.isRunning()).isFalse();

    pubSub.fake().release();
    await().untilTrue(shutDown);
    IngestionStatus status = ingestion.status();
    assertThat(status.state()).isEqualTo(IngestionState.STOPPED);
    assertThat(status.counts().publishFailures()).isZero();
    assertThat(status.counts().messagesPublished())
        .isEqualTo(status.counts().usersFetched())
        .isGreaterThanOrEqualTo(MAX_IN_FLIGHT);
    assertThat(pubSub.fake().messageCount()).isEqualTo(status.counts().usersFetched());
    assertThatThrownBy(() -> ingestion.start(synthetic(100, null)))
        .isInstanceOf(IngestionShuttingDownException.class);
  }

  @Test
  void publishFailuresAreCountedAndTheRunKeepsGoing() {
    pubSub.fake().failWith(Status.NOT_FOUND.withDescription("Resource not found (topic=users)"));
    ingestion.start(synthetic(2000, null));

    await().until(() -> ingestion.status().counts().publishFailures() >= 200);
    IngestionStatus running = ingestion.status();
    assertThat(running.state()).isEqualTo(IngestionState.RUNNING);
    assertThat(running.lastError()).contains("publish failed").contains("Resource not found");

    ingestion.stop();
    await().until(() -> ingestion.status().state() == IngestionState.STOPPED);
    IngestionCounts counts = ingestion.status().counts();
    assertThat(counts.publishFailures() + counts.messagesPublished())
        .isEqualTo(counts.usersFetched());
    assertThat(
            meters
                .get(IngestionMetrics.PUBLISH_FAILURES)
                .tag("source", "synthetic")
                .counter()
                .count())
        .isEqualTo(counts.publishFailures());
  }

  @Test
  void publishesStoredButAnsweredWithAnErrorAreSentAgainAndCountedOnce() {
    // Under load the emulator can store a batch while the client's deadline passes: the client
    // sees DEADLINE_EXCEEDED or UNAVAILABLE although the messages are on the topic.
    pubSub.fake().storeThenFail(3, Status.DEADLINE_EXCEEDED);
    ingestion.start(synthetic(2000, Duration.ofSeconds(1)));

    await().until(() -> ingestion.status().state() == IngestionState.STOPPED);
    IngestionCounts counts = ingestion.status().counts();
    // The client sent the same messages (same event_id) again: no failure, each user counted once.
    assertThat(counts.publishFailures()).isZero();
    assertThat(counts.messagesPublished()).isEqualTo(counts.usersFetched()).isPositive();
    List<String> onTheTopic =
        pubSub.fake().messages().stream()
            .map(message -> message.getAttributesMap().get("event_id"))
            .toList();
    // Every distinct user on the topic is one counted as published, and no other: the copies of
    // the retried batches carry the same event_id, which the pipeline deduplicates on.
    assertThat(new HashSet<>(onTheTopic)).hasSize((int) counts.messagesPublished());
    assertThat(onTheTopic).hasSizeGreaterThan((int) counts.messagesPublished());
  }

  @Test
  void unreachableApiIsRetriedSurfacedAndOpensTheCircuitWithoutEndingTheRun() {
    ingestion.start(new StartCommand(EventSource.RANDOMUSER, null, 50.0, 10, null, null));

    await().until(() -> "OPEN".equals(ingestion.status().circuit()));
    IngestionStatus status = ingestion.status();
    assertThat(status.state()).isEqualTo(IngestionState.RUNNING);
    assertThat(status.source()).isEqualTo("randomuser");
    assertThat(status.counts().requests()).isGreaterThanOrEqualTo(4);
    assertThat(status.counts().usersFetched()).isZero();
    assertThat(status.lastError()).isNotBlank();
    assertThat(
            meters
                .get(IngestionMetrics.SOURCE_FAILURES)
                .tag("source", "randomuser")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(4);

    ingestion.stop();
    await().until(() -> ingestion.status().state() == IngestionState.STOPPED);
  }
}
