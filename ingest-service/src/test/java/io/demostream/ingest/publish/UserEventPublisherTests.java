package io.demostream.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PubsubMessage;
import io.demostream.events.ApiResponse;
import io.demostream.events.EventSource;
import io.demostream.events.UserEventMessage;
import io.demostream.events.UserEventMessages;
import io.demostream.events.UserRecordReader;
import io.demostream.events.synthetic.SyntheticUserGenerator;
import io.demostream.ingest.testing.InProcessPubSub;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The real Pub/Sub client behind {@link UserEventPublisher}, against an in-process fake. */
class UserEventPublisherTests {

  private static final Instant OBSERVED_AT = Instant.parse("2026-03-01T12:00:00.120Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private InProcessPubSub pubSub;

  @AfterEach
  void closePubSub() throws InterruptedException {
    if (pubSub != null) {
      pubSub.close();
    }
  }

  private UserEventPublisher publisher(int maxInFlight, Duration batchDelay, Duration timeout) {
    PublishProperties properties =
        new PublishProperties(
            maxInFlight,
            DataSize.ofMegabytes(64),
            1000,
            DataSize.ofMegabytes(1),
            batchDelay,
            Duration.ofSeconds(10));
    pubSub = new InProcessPubSub(new PublisherBatchingCustomizer(properties), timeout);
    return new UserEventPublisher(
        pubSub.template(), new TopicProperties("users"), properties, meters);
  }

  @Test
  void batchesUpToAThousandMessagesPerRequestWithContractDataAndAttributes() throws Exception {
    // A batch delay long enough that a loaded machine still enqueues the last 500 within it.
    UserEventPublisher publisher = publisher(10_000, Duration.ofSeconds(5), Duration.ofSeconds(30));
    SyntheticUserGenerator generator = new SyntheticUserGenerator(7);
    List<UserEventMessage> sent = new ArrayList<>();
    AtomicInteger acknowledged = new AtomicInteger();
    for (int i = 0; i < 2500; i++) {
      ObjectNode record = generator.nextUser();
      UserEventMessage message =
          UserEventMessages.toMessage(
              new ApiResponse.ValidUser(record, UserRecordReader.read(record).value()),
              OBSERVED_AT,
              EventSource.SYNTHETIC);
      sent.add(message);
      publisher.publish(
          message,
          (id, error) -> {
            if (error == null) {
              acknowledged.incrementAndGet();
            }
          });
    }
    // Two full batches go at once; the last 500 wait for the 5 s batch delay.
    await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() == 2500);

    List<PublishRequest> requests = pubSub.fake().requests();
    assertThat(requests)
        .allSatisfy(
            request ->
                assertThat(request.getTopic()).isEqualTo("projects/demo-project/topics/users"));
    assertThat(requests)
        .allSatisfy(r -> assertThat(r.getMessagesCount()).isLessThanOrEqualTo(1000));
    // Batching at work: 2,500 messages in a handful of requests, not 2,500.
    assertThat(requests).hasSize(3);

    List<PubsubMessage> received = pubSub.fake().messages();
    assertThat(received).hasSize(2500);
    for (int i = 0; i < received.size(); i++) {
      PubsubMessage message = received.get(i);
      UserEventMessage expected = sent.get(i);
      assertThat(message.getAttributesMap()).isEqualTo(expected.attributes());
      assertThat(message.getAttributesMap())
          .containsOnlyKeys("event_time", "event_id", "schema_version", "source")
          .containsEntry("event_time", "2026-03-01T12:00:00.120Z")
          .containsEntry("schema_version", "1")
          .containsEntry("source", "synthetic");
      JsonNode data = JSON.readTree(message.getData().toByteArray());
      assertThat(message.getData().toByteArray()).isEqualTo(expected.data());
      assertThat(message.getAttributesMap().get("event_id"))
          .isEqualTo(data.path("login").path("uuid").asText());
      assertThat(data.path("login").has("username")).isTrue();
      for (String credential : UserEventMessages.CREDENTIAL_FIELDS) {
        assertThat(data.path("login").has(credential)).as(credential).isFalse();
      }
    }
    assertThat(publisher.inFlight()).isZero();
    assertThat(meters.get(UserEventPublisher.LATENCY_TIMER).timer().count()).isEqualTo(2500);
  }

  @Test
  void publishBlocksAtMaxInFlightUntilPubSubAcknowledges() {
    UserEventPublisher publisher = publisher(5, Duration.ofMillis(1), Duration.ofSeconds(30));
    pubSub.fake().hold();
    SyntheticUserGenerator generator = new SyntheticUserGenerator(3);
    AtomicInteger handedOver = new AtomicInteger();
    AtomicInteger acknowledged = new AtomicInteger();
    Thread sender =
        new Thread(
            () -> {
              for (int i = 0; i < 8; i++) {
                publisher.publish(
                    UserEventMessages.toMessage(
                        generator.nextUser(), null, OBSERVED_AT, EventSource.SYNTHETIC),
                    (id, error) -> acknowledged.incrementAndGet());
                handedOver.incrementAndGet();
              }
            });
    sender.start();

    await().until(() -> sender.getState() == Thread.State.WAITING);
    assertThat(handedOver).hasValue(5);
    assertThat(publisher.inFlight()).isEqualTo(5);
    assertThat(meters.get(UserEventPublisher.IN_FLIGHT_GAUGE).gauge().value()).isEqualTo(5);

    pubSub.fake().release();
    await().until(() -> acknowledged.get() == 8);
    assertThat(handedOver).hasValue(8);
    assertThat(pubSub.fake().messageCount()).isEqualTo(8);
  }

  @Test
  void publishThatPubSubRejectsSettlesWithTheErrorAndFreesItsSlot() {
    UserEventPublisher publisher = publisher(5, Duration.ofMillis(1), Duration.ofSeconds(30));
    pubSub.fake().failWith(Status.NOT_FOUND.withDescription("Resource not found (topic=users)"));
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    publisher.publish(
        new UserEventMessage("{}".getBytes(), Map.of("event_id", "x")),
        (id, error) -> errors.add(error));

    await().until(() -> errors.size() == 1);
    assertThat(errors.peek()).hasStackTraceContaining("NOT_FOUND");
    assertThat(publisher.inFlight()).isZero();
  }
}
