package io.demostream.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.ValidationError.Reason;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyticProjectorTests {

  private static final byte[] USER =
      """
      {"gender":"female","name":{"first":"Zoë","last":"Ødegård"},"email":"z@example.com",
       "dob":{"age":64},"registered":{"age":3},"location":{"country":"Norway","state":"Oslo"},
       "nat":"NO","phone":"555-0199","login":{"uuid":"u-9","username":"z"}}
      """
          .getBytes(StandardCharsets.UTF_8);

  private static Map<String, String> attributes() {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("event_time", "2026-11-27T10:00:00.123Z");
    attributes.put("event_id", "e-1");
    attributes.put("schema_version", "1");
    attributes.put("source", "synthetic");
    return attributes;
  }

  @Test
  void projectsOnlyTheAnalyticFields() {
    AnalyticUser user = AnalyticProjector.project(USER, attributes()).value();

    assertThat(user.eventId()).isEqualTo("e-1");
    assertThat(user.eventTime()).hasToString("2026-11-27T10:00:00.123Z");
    assertThat(user.gender()).isEqualTo(Gender.FEMALE);
    assertThat(user.ageBand()).isEqualTo(AgeBand.FROM_55_TO_64);
    assertThat(user.toString()).doesNotContain("Zoë", "Ødegård", "example.com", "555-0199", "u-9");
  }

  @Test
  void missingEventTimeIsNamed() {
    Map<String, String> attributes = attributes();
    attributes.remove("event_time");

    assertThat(AnalyticProjector.project(USER, attributes).errors())
        .containsExactly(
            new ValidationError("attributes.event_time", Reason.MISSING, "is required"));
  }

  @Test
  void unparsableEventTimeIsNamed() {
    Map<String, String> attributes = attributes();
    attributes.put("event_time", "27/11/2026");

    assertThat(AnalyticProjector.project(USER, attributes).errors())
        .extracting(ValidationError::field, ValidationError::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("attributes.event_time", Reason.UNPARSABLE_DATE));
  }

  @Test
  void missingEventIdIsNamed() {
    Map<String, String> attributes = attributes();
    attributes.remove("event_id");

    assertThat(AnalyticProjector.project(USER, attributes).errors())
        .extracting(ValidationError::field)
        .containsExactly("attributes.event_id");
  }

  @Test
  void unknownSchemaVersionIsRejected() {
    Map<String, String> attributes = attributes();
    attributes.put("schema_version", "2");

    assertThat(AnalyticProjector.project(USER, attributes).errors())
        .extracting(ValidationError::reason)
        .containsExactly(Reason.UNSUPPORTED_VALUE);
  }

  @Test
  void badJsonIsAnInvalidJsonErrorOnData() {
    assertThat(
            AnalyticProjector.project("{not json".getBytes(StandardCharsets.UTF_8), attributes())
                .errors())
        .extracting(ValidationError::field, ValidationError::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("data", Reason.INVALID_JSON));
  }

  @Test
  void oversizedPayloadIsRejectedBeforeParsing() {
    byte[] huge = new byte[AnalyticProjector.MAX_PAYLOAD_BYTES + 1];

    assertThat(AnalyticProjector.project(huge, attributes()).errors())
        .extracting(ValidationError::reason)
        .containsExactly(Reason.TOO_LARGE);
  }

  @Test
  void emptyPayloadIsMissingData() {
    assertThat(AnalyticProjector.project(new byte[0], attributes()).errors())
        .extracting(ValidationError::field, ValidationError::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("data", Reason.MISSING));
  }

  @Test
  void invalidRecordErrorsAreReportedWithTheirFields() {
    byte[] noGender =
        "{\"dob\":{\"age\":30},\"registered\":{\"age\":1},\"location\":{\"country\":\"Iran\"}}"
            .getBytes(StandardCharsets.UTF_8);

    Validated<AnalyticUser> result = AnalyticProjector.project(noGender, attributes());

    assertThat(result.errorSummary()).isEqualTo("gender: MISSING: is required");
  }
}
