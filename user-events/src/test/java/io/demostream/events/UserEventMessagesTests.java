package io.demostream.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.demostream.events.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserEventMessagesTests {

  private static final Instant OBSERVED = Instant.parse("2026-11-27T10:15:30Z");

  @Test
  void messageCarriesTheContractAttributes() {
    ApiResponse.ValidUser user = firstUser("results-1.json");

    UserEventMessage message = UserEventMessages.toMessage(user, OBSERVED, EventSource.RANDOMUSER);

    assertThat(message.attributes())
        .containsOnlyKeys("event_time", "event_id", "schema_version", "source")
        .containsEntry("event_time", "2026-11-27T10:15:30.000Z")
        .containsEntry("event_id", "b329fc3b-280a-461b-8aa7-ad5185883ff0")
        .containsEntry("schema_version", "1")
        .containsEntry("source", "randomuser");
  }

  @Test
  void credentialsNeverLeaveButTheRestOfTheRecordDoes() throws Exception {
    ApiResponse.ValidUser user = firstUser("results-1.json");
    JsonNode original = user.record().deepCopy();

    UserEventMessage message = UserEventMessages.toMessage(user, OBSERVED, EventSource.RANDOMUSER);

    JsonNode published = Json.MAPPER.readTree(message.data());
    for (String credential : UserEventMessages.CREDENTIAL_FIELDS) {
      assertThat(published.path("login").has(credential)).as(credential).isFalse();
      assertThat(new String(message.data(), StandardCharsets.UTF_8))
          .doesNotContain(original.path("login").path(credential).asText());
    }
    assertThat(published.path("login").path("username").asText()).isEqualTo("purplekoala665");
    assertThat(published.path("name").path("last").asText()).isEqualTo("Barbarosoğlu");
    ((com.fasterxml.jackson.databind.node.ObjectNode) original.get("login"))
        .remove(UserEventMessages.CREDENTIAL_FIELDS);
    assertThat(published).isEqualTo(original);
  }

  @Test
  void recordWithoutLoginGetsARandomEventId() {
    ApiResponse.ValidUser user = firstUser("exc-login.json");

    UserEventMessage first = UserEventMessages.toMessage(user, OBSERVED, EventSource.RANDOMUSER);
    UserEventMessage second = UserEventMessages.toMessage(user, OBSERVED, EventSource.RANDOMUSER);

    assertThat(UUID.fromString(first.eventId())).isNotNull();
    assertThat(first.eventId()).isNotEqualTo(second.eventId());
  }

  @Test
  void publishedMessageProjectsBackToTheSameUser() {
    ApiResponse.ValidUser user = firstUser("results-1.json");
    UserEventMessage message = UserEventMessages.toMessage(user, OBSERVED, EventSource.SYNTHETIC);

    AnalyticUser projected =
        AnalyticProjector.project(message.data(), message.attributes()).value();

    assertThat(projected)
        .isEqualTo(
            new AnalyticUser(
                "b329fc3b-280a-461b-8aa7-ad5185883ff0",
                OBSERVED,
                Gender.MALE,
                35,
                17,
                "Turkey",
                "Çanakkale",
                "TR",
                AgeBand.FROM_35_TO_44));
  }

  private static ApiResponse.ValidUser firstUser(String fixture) {
    return RandomUserResponseParser.parse(Fixtures.randomUserResponse(fixture))
        .value()
        .users()
        .get(0);
  }
}
