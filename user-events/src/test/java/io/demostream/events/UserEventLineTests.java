package io.demostream.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.testing.Fixtures;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserEventLineTests {

  private static final Instant OBSERVED = Instant.parse("2026-11-27T10:15:30.250Z");

  private static List<UserEventMessage> fixtureMessages() {
    List<UserEventMessage> messages = new ArrayList<>();
    for (Path fixture : Fixtures.randomUserResponses()) {
      ApiResponse response =
          RandomUserResponseParser.parse(
                  Fixtures.randomUserResponse(fixture.getFileName().toString()))
              .value();
      for (ApiResponse.ValidUser user : response.users()) {
        messages.add(
            UserEventMessages.toMessage(
                user, OBSERVED.plusSeconds(messages.size()), EventSource.RANDOMUSER));
      }
    }
    return messages;
  }

  @Test
  void everyFixtureMessageSurvivesWriteThenReadUnchanged() throws Exception {
    List<UserEventMessage> messages = fixtureMessages();
    assertThat(messages).hasSizeGreaterThan(25);

    for (UserEventMessage message : messages) {
      String line = UserEventLine.of(message).format();
      assertThat(line).doesNotContain("\n");

      UserEventLine read = UserEventLine.parse(line).value();
      assertThat(read.attributes()).isEqualTo(message.attributes());
      assertThat(read.data()).isEqualTo(Json.MAPPER.readTree(message.data()));
      // What the pipeline sees of a line is exactly what it sees of the published message.
      assertThat(AnalyticProjector.project(read.toMessage().data(), read.attributes()).value())
          .isEqualTo(AnalyticProjector.project(message.data(), message.attributes()).value());
    }
  }

  @Test
  void aLineHasTheDocumentedShape() {
    UserEventMessage message = fixtureMessages().get(0);

    String line = UserEventLine.of(message).format();

    assertThat(line)
        .startsWith(
            "{\"attributes\":{\"event_id\":\""
                + message.eventId()
                + "\",\"event_time\":\"2026-11-27T10:15:30.250Z\",\"schema_version\":\"1\","
                + "\"source\":\"randomuser\"},\"data\":{");
  }

  @Test
  void attributesMayBeAbsentOrPartial() {
    UserEventLine line = UserEventLine.parse("{\"data\":{\"gender\":\"female\"}}").value();
    assertThat(line.attributes()).isEmpty();
    assertThat(line.data().path("gender").asText()).isEqualTo("female");

    UserEventLine partial =
        UserEventLine.parse(
                "{\"attributes\":{\"event_time\":\"2026-01-01T00:00:00Z\",\"x\":null},\"data\":{}}")
            .value();
    assertThat(partial.attributes()).containsOnlyKeys("event_time");
  }

  @Test
  void badLinesAreInvalidWithTheFieldAtFault() {
    assertThat(UserEventLine.parse("{\"data\":").errors())
        .singleElement()
        .satisfies(
            error -> assertThat(error.reason()).isEqualTo(ValidationError.Reason.INVALID_JSON));
    assertThat(UserEventLine.parse("").errors().get(0).reason())
        .isEqualTo(ValidationError.Reason.INVALID_JSON);
    assertThat(UserEventLine.parse("[1]").errors().get(0).reason())
        .isEqualTo(ValidationError.Reason.NOT_AN_OBJECT);
    assertThat(UserEventLine.parse("{\"attributes\":{}}").errors())
        .extracting(ValidationError::field, ValidationError::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("data", ValidationError.Reason.MISSING));
    assertThat(UserEventLine.parse("{\"data\":\"text\"}").errors().get(0).reason())
        .isEqualTo(ValidationError.Reason.NOT_AN_OBJECT);
    assertThat(UserEventLine.parse("{\"attributes\":[],\"data\":{}}").errors().get(0).field())
        .isEqualTo("attributes");
    assertThat(
            UserEventLine.parse("{\"attributes\":{\"event_time\":12},\"data\":{}}").errors().get(0))
        .extracting(ValidationError::field, ValidationError::reason)
        .containsExactly("attributes.event_time", ValidationError.Reason.WRONG_TYPE);
  }
}
