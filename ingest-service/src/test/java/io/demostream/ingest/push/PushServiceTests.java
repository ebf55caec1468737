package io.demostream.ingest.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.pubsub.v1.PubsubMessage;
import io.demostream.events.UserEventMessages;
import io.demostream.events.testing.Fixtures;
import io.demostream.ingest.publish.SourceCounters;
import io.demostream.ingest.publish.UserEventPublisher;
import io.demostream.ingest.testing.InProcessPubSub;
import io.demostream.ingest.testing.TestPublishing;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Pushed users through the real Pub/Sub client into the in-process fake topic, the hold-out way:
 * what arrives on the topic is compared with the request, user by user.
 */
class PushServiceTests {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_IN_FLIGHT = 40;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private InProcessPubSub pubSub;
  private PushService push;

  @BeforeEach
  void setUp() {
    TestPublishing publishing = TestPublishing.start(MAX_IN_FLIGHT, meters);
    pubSub = publishing.pubSub();
    UserEventPublisher publisher = publishing.publisher();
    push =
        new PushService(
            publisher,
            new PushProperties(
                DataSize.ofMegabytes(1),
                1000,
                Duration.ofSeconds(20),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10)),
            meters,
            JSON,
            Clock.systemUTC());
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    pubSub.close();
  }

  private static ArrayNode fixtureUsers() throws Exception {
    return (ArrayNode)
        JSON.readTree(Fixtures.randomUserResponse("results-25-seed-fixture1.json")).get("results");
  }

  private static byte[] bytes(JsonNode json) {
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode data(PubsubMessage message) {
    try {
      return JSON.readTree(message.getData().toByteArray());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everyAcceptedUserReachesTheTopicOnceAndARetryWithTheSameKeyHasTheSameEventIds()
      throws Exception {
    ArrayNode users = fixtureUsers();
    ((ObjectNode) users.get(5)).remove("registered");
    ((ObjectNode) users.get(11).get("dob")).put("age", "forty");
    Map<String, JsonNode> expectedByUuid = new HashMap<>();
    for (int i = 0; i < users.size(); i++) {
      if (i != 5 && i != 11) {
        ObjectNode expected = (ObjectNode) users.get(i).deepCopy();
        UserEventMessages.removeCredentials(expected);
        expectedByUuid.put(expected.path("login").path("uuid").asText(), expected);
      }
    }

    PushResult result = push.push(bytes(users), false, "key-1");

    assertThat(result.accepted()).isEqualTo(23);
    assertThat(result.rejected())
        .containsExactly(
            new PushResult.Rejection(5, "registered", "MISSING", "is required"),
            new PushResult.Rejection(
                11, "dob.age", "WRONG_TYPE", "expected an integer, got string"));
    List<PubsubMessage> received = pubSub.fake().messages();
    assertThat(received).hasSize(23);
    for (PubsubMessage message : received) {
      assertThat(message.getAttributesMap())
          .containsOnlyKeys("event_time", "event_id", "schema_version", "source")
          .containsEntry("source", "push")
          .containsEntry("schema_version", "1");
      JsonNode data = data(message);
      assertThat(data).isEqualTo(expectedByUuid.remove(data.path("login").path("uuid").asText()));
    }
    assertThat(expectedByUuid).isEmpty();
    List<String> firstIds =
        received.stream().map(message -> message.getAttributesOrThrow("event_id")).toList();
    assertThat(firstIds)
        .doesNotHaveDuplicates()
        .contains(UserEventMessages.idempotentEventId("key-1", 0))
        .doesNotContain(
            UserEventMessages.idempotentEventId("key-1", 5),
            UserEventMessages.idempotentEventId("key-1", 11));

    // The producer did not see the answer and sends the same request again.
    PushResult retried = push.push(bytes(fixtureUsersBrokenAsBefore()), false, "key-1");

    assertThat(retried).isEqualTo(result);
    List<String> retriedIds =
        pubSub.fake().messages().subList(23, 46).stream()
            .map(message -> message.getAttributesOrThrow("event_id"))
            .toList();
    assertThat(retriedIds).containsExactlyInAnyOrderElementsOf(firstIds);
    assertThat(
            meters.get(SourceCounters.MESSAGES_PUBLISHED).tag("source", "push").counter().count())
        .isEqualTo(46);
    assertThat(meters.get(SourceCounters.INVALID_RECORDS).tag("source", "push").counter().count())
        .isEqualTo(4);
  }

  private static ArrayNode fixtureUsersBrokenAsBefore() throws Exception {
    ArrayNode users = fixtureUsers();
    ((ObjectNode) users.get(5)).remove("registered");
    ((ObjectNode) users.get(11).get("dob")).put("age", "forty");
    return users;
  }

  @Test
  void aRequestIsRefusedWhileTheInFlightLimitHasNoRoomAndTakenOnceItHas() throws Exception {
    ArrayNode users = fixtureUsers();
    pubSub.fake().hold();
    CompletableFuture<PushResult> first =
        CompletableFuture.supplyAsync(() -> push.push(bytes(users), false, "first"));
    await().until(() -> pubSub.fake().messageCount() == 25);

    // 25 of 40 slots are taken and unacknowledged: 25 more do not fit, nothing of them is sent.
    assertThatThrownBy(() -> push.push(bytes(users), false, "second"))
        .isInstanceOf(PushOverloadedException.class);
    assertThat(pubSub.fake().messageCount()).isEqualTo(25);
    assertThat(first).isNotDone();

    pubSub.fake().release();
    assertThat(first.get().accepted()).isEqualTo(25);
    assertThat(push.push(bytes(users), false, "second").accepted()).isEqualTo(25);
  }

  @Test
  void aFailedPublishAnswersUnavailableAndNotAcceptedAndTheRetryRepeatsTheIds() throws Exception {
    ArrayNode users = fixtureUsers();
    pubSub.fake().failWith(Status.PERMISSION_DENIED);

    assertThatThrownBy(() -> push.push(bytes(users), false, "key-2"))
        .isInstanceOf(PushUnavailableException.class);
    List<String> attempted =
        pubSub.fake().messages().stream()
            .map(message -> message.getAttributesOrThrow("event_id"))
            .distinct()
            .toList();
    assertThat(meters.get(SourceCounters.USERS_FETCHED).tag("source", "push").counter().count())
        .isZero();

    pubSub.fake().failWith(null);
    PushResult retried = push.push(bytes(users), false, "key-2");

    assertThat(retried.accepted()).isEqualTo(25);
    assertThat(
            pubSub.fake().messages().stream()
                .map(message -> message.getAttributesOrThrow("event_id"))
                .distinct())
        .containsExactlyInAnyOrderElementsOf(attempted);
  }

  @Test
  void withoutAKeyTheEventIdIsTheLoginUuid() throws Exception {
    ArrayNode users = fixtureUsers();

    push.push(bytes(users), false, null);

    assertThat(pubSub.fake().messages())
        .extracting(message -> message.getAttributesOrThrow("event_id"))
        .containsExactlyInAnyOrderElementsOf(
            users.findValues("uuid").stream().map(JsonNode::asText).toList());
  }
}
