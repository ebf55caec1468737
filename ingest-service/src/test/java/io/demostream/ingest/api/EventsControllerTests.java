package io.demostream.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demostream.events.UserEventMessage;
import io.demostream.events.UserEventMessages;
import io.demostream.events.testing.Fixtures;
import io.demostream.ingest.publish.UserEventPublisher;
import io.demostream.ingest.push.PushProperties;
import io.demostream.ingest.push.PushService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * {@code POST /api/v1/events} with the real {@link PushService} and a publisher that acknowledges,
 * refuses (in-flight limit full) or fails as each test says.
 */
@WebMvcTest(EventsController.class)
@Import({ApiSliceConfiguration.class, EventsControllerTests.PushSlice.class})
@TestPropertySource(
    properties = {
      "demostream.security.api-token=s3cret-token",
      "demostream.ingest.push.max-body-size=200KB",
      "demostream.ingest.push.max-users-per-request=30"
    })
class EventsControllerTests {

  private static final String TOKEN = "Bearer s3cret-token";
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestConfiguration(proxyBeanMethods = false)
  @EnableConfigurationProperties(PushProperties.class)
  @Import(PushService.class)
  static class PushSlice {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    @Primary
    Clock fixedClock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }
  }

  @Autowired private MockMvc mvc;
  @MockitoBean private UserEventPublisher publisher;

  private final List<UserEventMessage> published = new ArrayList<>();

  @BeforeEach
  void acknowledgeEverything() {
    given(publisher.maxInFlight()).willReturn(10_000);
    given(publisher.tryPublishAll(anyList(), any()))
        .willAnswer(
            call -> {
              List<UserEventMessage> messages = call.getArgument(0);
              BiConsumer<String, Throwable> settled = call.getArgument(1);
              published.addAll(messages);
              messages.forEach(message -> settled.accept("id", null));
              return true;
            });
  }

  private static ArrayNode fixtureUsers() throws Exception {
    return (ArrayNode)
        JSON.readTree(Fixtures.randomUserResponse("results-25-seed-fixture1.json")).get("results");
  }

  private static MockHttpServletRequestBuilder push(String body) {
    return post("/api/v1/events")
        .header(HttpHeaders.AUTHORIZATION, TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .content(body);
  }

  @Test
  void oneObjectIsPublishedWithoutCredentialsAsSourcePush() throws Exception {
    JsonNode user = fixtureUsers().get(0);

    mvc.perform(push(user.toString()))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.accepted").value(1))
        .andExpect(jsonPath("$.rejected", hasSize(0)));

    assertThat(published).singleElement();
    UserEventMessage message = published.get(0);
    assertThat(message.attributes())
        .containsEntry("source", "push")
        .containsEntry("schema_version", "1")
        .containsEntry("event_time", "2026-03-01T10:00:00.123Z")
        .containsEntry("event_id", user.path("login").path("uuid").asText());
    JsonNode data = JSON.readTree(message.data());
    ObjectNode expected = (ObjectNode) user.deepCopy();
    UserEventMessages.removeCredentials(expected);
    assertThat(data).isEqualTo(expected);
    for (String credential : UserEventMessages.CREDENTIAL_FIELDS) {
      assertThat(data.path("login").has(credential)).isFalse();
    }
  }

  @Test
  void anArrayPublishesTheGoodUsersAndReportsTheBadOnesWithIndexFieldAndReason() throws Exception {
    ArrayNode users = fixtureUsers();
    ((ObjectNode) users.get(3).get("dob")).put("age", 200);
    ((ObjectNode) users.get(7).get("location")).remove("country");
    ((ObjectNode) users.get(7)).put("gender", 1);
    users.set(9, JSON.getNodeFactory().textNode("not a user"));

    mvc.perform(push(users.toString()))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.accepted").value(22))
        .andExpect(jsonPath("$.rejected", hasSize(4)))
        .andExpect(jsonPath("$.rejected[0].index").value(3))
        .andExpect(jsonPath("$.rejected[0].field").value("dob.age"))
        .andExpect(jsonPath("$.rejected[0].reason").value("OUT_OF_RANGE"))
        .andExpect(jsonPath("$.rejected[1].index").value(7))
        .andExpect(jsonPath("$.rejected[1].field").value("gender"))
        .andExpect(jsonPath("$.rejected[1].reason").value("WRONG_TYPE"))
        .andExpect(jsonPath("$.rejected[2].index").value(7))
        .andExpect(jsonPath("$.rejected[2].field").value("location.country"))
        .andExpect(jsonPath("$.rejected[2].reason").value("MISSING"))
        .andExpect(jsonPath("$.rejected[3].index").value(9))
        .andExpect(jsonPath("$.rejected[3].field").value("$"))
        .andExpect(jsonPath("$.rejected[3].reason").value("NOT_AN_OBJECT"));

    List<String> badIds =
        List.of(3, 7).stream().map(i -> users.get(i).path("login").path("uuid").asText()).toList();
    assertThat(published).hasSize(22);
    assertThat(published).extracting(UserEventMessage::eventId).doesNotContainAnyElementsOf(badIds);
  }

  @Test
  void aWholeRandomUserResponseIsAcceptedToo() throws Exception {
    mvc.perform(
            push(new String(Fixtures.randomUserResponse("results-25-seed-fixture1.json"), "UTF-8")))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.accepted").value(25));
  }

  @Test
  void ndjsonIsOneUserPerLineAndAnUnreadableLineIsRejectedByItsIndex() throws Exception {
    ArrayNode users = fixtureUsers();
    String body = users.get(0) + "\n\n" + users.get(1) + "\n{\"gender\": \n" + users.get(2) + "\n";

    mvc.perform(
            post("/api/v1/events")
                .header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType("application/x-ndjson")
                .content(body))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.accepted").value(3))
        .andExpect(jsonPath("$.rejected", hasSize(1)))
        .andExpect(jsonPath("$.rejected[0].index").value(2))
        .andExpect(jsonPath("$.rejected[0].field").value("$"))
        .andExpect(jsonPath("$.rejected[0].reason").value("INVALID_JSON"));
    assertThat(published)
        .extracting(UserEventMessage::eventId)
        .containsExactly(
            users.get(0).path("login").path("uuid").asText(),
            users.get(1).path("login").path("uuid").asText(),
            users.get(2).path("login").path("uuid").asText());
  }

  @Test
  void anIdempotencyKeyMakesTheEventIdsTheSameOnEveryRetry() throws Exception {
    String body = fixtureUsers().toString();

    for (int attempt = 0; attempt < 2; attempt++) {
      mvc.perform(push(body).header("Idempotency-Key", "batch-2026-03-01-0001"))
          .andExpect(status().isAccepted());
    }

    assertThat(published).hasSize(50);
    List<String> first = published.subList(0, 25).stream().map(UserEventMessage::eventId).toList();
    List<String> second =
        published.subList(25, 50).stream().map(UserEventMessage::eventId).toList();
    assertThat(second).isEqualTo(first).doesNotHaveDuplicates();
    assertThat(first.get(4))
        .isEqualTo(UserEventMessages.idempotentEventId("batch-2026-03-01-0001", 4));
  }

  @Test
  void aBadIdempotencyKeyIsA400NamingTheHeader() throws Exception {
    mvc.perform(push("{}").header("Idempotency-Key", "has space"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$.field").value("Idempotency-Key"));
    verify(publisher, never()).tryPublishAll(anyList(), any());
  }

  @Test
  void aBodyPastTheSizeLimitIs413AndNothingIsPublished() throws Exception {
    String user = "{\"gender\":\"female\",\"pad\":\"" + "x".repeat(1000) + "\"},";
    String big = "[" + user.repeat(250);
    big = big.substring(0, big.length() - 1) + "]";

    mvc.perform(push(big))
        .andExpect(status().isPayloadTooLarge())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:payload-too-large"))
        .andExpect(jsonPath("$.limit").value("maxBodySize"))
        .andExpect(jsonPath("$.max").value(200 * 1024));
    verify(publisher, never()).tryPublishAll(anyList(), any());
  }

  @Test
  void moreUsersThanTheLimitIs413AndNothingIsPublished() throws Exception {
    ArrayNode users = fixtureUsers();
    users.addAll(fixtureUsers().deepCopy());

    mvc.perform(push(users.toString()))
        .andExpect(status().isPayloadTooLarge())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:payload-too-large"))
        .andExpect(jsonPath("$.limit").value("maxUsersPerRequest"))
        .andExpect(jsonPath("$.max").value(30));
    verify(publisher, never()).tryPublishAll(anyList(), any());
  }

  @Test
  void withoutATokenIs401AndNothingIsPublished() throws Exception {
    mvc.perform(
            post("/api/v1/events")
                .contentType(MediaType.APPLICATION_JSON)
                .content(fixtureUsers().toString()))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:unauthorized"));
    verify(publisher, never()).tryPublishAll(anyList(), any());
  }

  @Test
  void whenTheInFlightLimitIsFullIs429WithRetryAfter() throws Exception {
    given(publisher.tryPublishAll(anyList(), any())).willReturn(false);

    mvc.perform(push(fixtureUsers().toString()))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().string(HttpHeaders.RETRY_AFTER, "1"))
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:overloaded"))
        .andExpect(jsonPath("$.accepted").doesNotExist());
  }

  @Test
  void whenPublishingFailsIs503WithRetryAfterAndNothingReportedAccepted() throws Exception {
    given(publisher.tryPublishAll(anyList(), any()))
        .willAnswer(
            call -> {
              List<UserEventMessage> messages = call.getArgument(0);
              BiConsumer<String, Throwable> settled = call.getArgument(1);
              for (int i = 0; i < messages.size(); i++) {
                settled.accept(
                    i == 0 ? null : "id", i == 0 ? new IllegalStateException("refused") : null);
              }
              return true;
            });

    mvc.perform(push(fixtureUsers().toString()))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string(HttpHeaders.RETRY_AFTER, "10"))
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:unavailable"))
        .andExpect(jsonPath("$.accepted").doesNotExist())
        .andExpect(
            jsonPath("$.detail")
                .value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("refused"))));
  }

  @Test
  void aBodyThatIsNotJsonIsMalformedAndOtherMediaTypesAreRefused() throws Exception {
    mvc.perform(push("[{\"gender\":"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:malformed-request"));
    mvc.perform(push("42"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:malformed-request"));
    mvc.perform(
            post("/api/v1/events")
                .header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.TEXT_PLAIN)
                .content("gender=female"))
        .andExpect(status().isUnsupportedMediaType());
    verify(publisher, never()).tryPublishAll(anyList(), any());
  }
}
