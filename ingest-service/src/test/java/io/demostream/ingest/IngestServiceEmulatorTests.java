package io.demostream.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.demostream.ingest.testing.ContractAssertions.assertContractMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.google.pubsub.v1.PubsubMessage;
import io.demostream.events.UserEventMessages;
import io.demostream.events.testing.Fixtures;
import io.demostream.events.testing.PubSubEmulator;
import io.demostream.ingest.ingestion.IngestionState;
import io.demostream.ingest.ingestion.IngestionStatus;
import io.demostream.ingest.testing.EmulatorPubSub;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The whole service on the real Pub/Sub emulator, driven through its REST API: the synthetic
 * source, and the randomuser source against WireMock serving a real fixture. A subscriber pulls
 * what arrived and checks it against the contract and against the status counts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestServiceEmulatorTests {

  private static final String TOKEN = "emulator-test-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static WireMockExtension api =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static EmulatorPubSub pubSub;

  @LocalServerPort private int port;
  @Autowired private RestClient.Builder restClients;
  private RestClient rest;

  @BeforeAll
  static void createTopic() throws IOException {
    assumeTrue(PubSubEmulator.isAvailable(), PubSubEmulator.skipReason());
    pubSub = new EmulatorPubSub(PubSubEmulator.hostPort().orElseThrow(), "users");
  }

  @AfterAll
  static void deleteTopic() {
    if (pubSub != null) {
      pubSub.close();
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.gcp.project-id", () -> EmulatorPubSub.PROJECT);
    registry.add(
        "spring.cloud.gcp.pubsub.emulator-host", () -> PubSubEmulator.hostPort().orElseThrow());
    registry.add("demostream.ingest.topic", () -> pubSub.topicId());
    registry.add("demostream.ingest.randomuser.base-url", () -> api.baseUrl() + "/api/");
    registry.add("demostream.security.api-token", () -> TOKEN);
  }

  @BeforeEach
  void client() {
    rest =
        restClients
            .baseUrl("http://localhost:" + port + "/api/v1/ingestion")
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
            .build();
    // Nothing left over from another test.
    pubSub.pullAvailable();
  }

  private IngestionStatus status() {
    return rest.get().retrieve().body(IngestionStatus.class);
  }

  private IngestionStatus runToCompletion(String startRequest) {
    IngestionStatus started =
        rest.post()
            .uri("/start")
            .contentType(MediaType.APPLICATION_JSON)
            .body(startRequest)
            .retrieve()
            .body(IngestionStatus.class);
    assertThat(started.state()).isEqualTo(IngestionState.RUNNING);
    await().atMost(Duration.ofSeconds(30)).until(() -> status().state() == IngestionState.STOPPED);
    return status();
  }

  /** Pulls until {@code expected} messages have arrived, then checks nothing more is there. */
  private List<PubsubMessage> pullExactly(long expected) {
    List<PubsubMessage> pulled = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              pulled.addAll(pubSub.pullAvailable());
              return pulled.size() >= expected;
            });
    pulled.addAll(pubSub.pullAvailable());
    assertThat(pulled).hasSize((int) expected);
    return pulled;
  }

  @Test
  void syntheticRunPublishesContractMessagesMatchingTheStatusCounts() {
    IngestionStatus done =
        runToCompletion(
            """
            {"source": "synthetic", "usersPerSecond": 400, "durationSeconds": 2}
            """);

    assertThat(done.source()).isEqualTo("synthetic");
    assertThat(done.counts().usersFetched()).isPositive();
    assertThat(done.counts().publishFailures()).isZero();
    assertThat(done.counts().messagesPublished()).isEqualTo(done.counts().usersFetched());

    List<PubsubMessage> pulled = pullExactly(done.counts().messagesPublished());
    pulled.forEach(message -> assertContractMessage(message, "synthetic"));
    assertThat(pulled.stream().map(message -> message.getAttributesOrThrow("event_id")).distinct())
        .hasSize(pulled.size());
  }

  @Test
  void pushedUsersReachTheTopicOnceEachAndARetryWithTheSameKeyRepeatsTheirEventIds()
      throws IOException {
    ArrayNode users =
        (ArrayNode)
            JSON.readTree(Fixtures.randomUserResponse("results-25-seed-fixture1.json"))
                .get("results");
    ((ObjectNode) users.get(2)).remove("gender");
    ((ObjectNode) users.get(17).get("registered")).put("age", -1);
    Map<String, JsonNode> expectedByUuid = new HashMap<>();
    for (int i = 0; i < users.size(); i++) {
      if (i != 2 && i != 17) {
        ObjectNode withoutCredentials = (ObjectNode) users.get(i).deepCopy();
        UserEventMessages.removeCredentials(withoutCredentials);
        expectedByUuid.put(
            withoutCredentials.path("login").path("uuid").asText(), withoutCredentials);
      }
    }
    RestClient events =
        restClients
            .baseUrl("http://localhost:" + port + "/api/v1/events")
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
            .defaultHeader("Idempotency-Key", "emulator-push-1")
            .build();

    JsonNode answer =
        events
            .post()
            .contentType(MediaType.APPLICATION_JSON)
            .body(users.toString())
            .retrieve()
            .body(JsonNode.class);

    assertThat(answer.path("accepted").asInt()).isEqualTo(23);
    assertThat(answer.path("rejected").findValuesAsText("index")).containsExactly("2", "17");
    assertThat(answer.path("rejected").findValuesAsText("field"))
        .containsExactly("gender", "registered.age");
    List<PubsubMessage> pulled = pullExactly(23);
    Map<String, String> idByUuid = new HashMap<>();
    for (PubsubMessage message : pulled) {
      assertThat(message.getAttributesMap())
          .containsOnlyKeys("event_time", "event_id", "schema_version", "source")
          .containsEntry("source", "push")
          .containsEntry("schema_version", "1");
      JsonNode data = JSON.readTree(message.getData().toByteArray());
      String uuid = data.path("login").path("uuid").asText();
      assertThat(data).isEqualTo(expectedByUuid.get(uuid));
      idByUuid.put(uuid, message.getAttributesOrThrow("event_id"));
    }
    assertThat(idByUuid).hasSize(23);

    // The same request again: the same 23 users with the same event_ids, which the pipeline
    // deduplicates.
    events
        .post()
        .contentType(MediaType.APPLICATION_JSON)
        .body(users.toString())
        .retrieve()
        .toBodilessEntity();
    for (PubsubMessage message : pullExactly(23)) {
      String uuid =
          JSON.readTree(message.getData().toByteArray()).path("login").path("uuid").asText();
      assertThat(message.getAttributesOrThrow("event_id")).isEqualTo(idByUuid.get(uuid));
    }
  }

  @Test
  void randomuserRunPublishesEachFixtureRecordWithoutCredentials() throws IOException {
    byte[] fixture = Fixtures.randomUserResponse("results-25-seed-fixture1.json");
    api.stubFor(get(urlPathEqualTo("/api/")).willReturn(okJson(new String(fixture))));
    Map<String, JsonNode> expectedByUuid = new HashMap<>();
    for (JsonNode record : JSON.readTree(fixture).get("results")) {
      ObjectNode withoutCredentials = (ObjectNode) record.deepCopy();
      UserEventMessages.removeCredentials(withoutCredentials);
      expectedByUuid.put(record.path("login").path("uuid").asText(), withoutCredentials);
    }

    IngestionStatus done =
        runToCompletion(
            """
            {"source": "randomuser", "requestsPerSecond": 4, "resultsPerRequest": 25,
             "durationSeconds": 1}
            """);

    int requestsServed = api.findAll(getRequestedFor(urlPathEqualTo("/api/"))).size();
    assertThat(done.counts().requests()).isEqualTo(requestsServed).isPositive();
    assertThat(done.counts().usersFetched()).isEqualTo(25L * requestsServed);
    assertThat(done.counts().invalidRecords()).isZero();
    assertThat(done.counts().messagesPublished()).isEqualTo(done.counts().usersFetched());
    assertThat(api.findAll(getRequestedFor(urlPathEqualTo("/api/"))).get(0).getUrl())
        .contains("results=25");

    List<PubsubMessage> pulled = pullExactly(done.counts().messagesPublished());
    for (PubsubMessage message : pulled) {
      JsonNode data = assertContractMessage(message, "randomuser");
      assertThat(data).isEqualTo(expectedByUuid.get(message.getAttributesOrThrow("event_id")));
    }
  }
}
