package io.demostream.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of everything that reads untrusted input: the API response
 * parser, the record reader and the analytic projector. For any bytes and attributes, nothing may
 * throw, and every answer is either a valid user whose fields respect the contract or a typed error
 * naming a field and a reason.
 *
 * <p>A plain {@code mvn test} runs the seeds in {@code ContractFuzzTestsInputs} (regression mode).
 * Fuzzing: {@code JAZZER_FUZZ=1}, bounded by {@code jazzer.max_duration}, as the {@code fuzz} Maven
 * executions do: see {@code docs/RELIABILITY.md}.
 */
class ContractFuzzTests {

  private static final String[] ATTRIBUTES = {
    UserEventAttributes.EVENT_ID,
    UserEventAttributes.EVENT_TIME,
    UserEventAttributes.SCHEMA_VERSION,
    UserEventAttributes.SOURCE
  };

  @FuzzTest(maxDuration = "10s")
  @DictionaryEntries({
    "\"results\"",
    "\"gender\"",
    "\"dob\"",
    "\"registered\"",
    "\"age\"",
    "\"date\"",
    "\"location\"",
    "\"country\"",
    "\"state\"",
    "\"nat\"",
    "\"login\"",
    "\"uuid\"",
    "\"error\"",
    "\"info\"",
    "2026-12-01T10:00:00.000Z"
  })
  void contractReadersNeverThrowAndAnswerValidOrTypedErrors(FuzzedDataProvider data) {
    Map<String, String> attributes = new HashMap<>();
    for (String name : ATTRIBUTES) {
      if (data.consumeBoolean()) {
        attributes.put(
            name,
            name.equals(UserEventAttributes.EVENT_TIME) && data.consumeBoolean()
                ? "2026-12-01T10:00:00." + data.consumeInt(0, 999) + "Z"
                : data.consumeString(40));
      }
    }
    byte[] payload = data.consumeRemainingAsBytes();

    Validated<AnalyticUser> user = AnalyticProjector.project(payload, attributes);
    assertTyped(user);
    if (user.isValid()) {
      AnalyticUser value = user.value();
      assertThat(value.eventId()).isNotBlank();
      assertThat(value.age()).isBetween(UserRecordReader.MIN_AGE, UserRecordReader.MAX_AGE);
      assertThat(value.registeredAge())
          .isBetween(UserRecordReader.MIN_AGE, UserRecordReader.MAX_AGE);
      assertThat(value.ageBand()).isEqualTo(AgeBand.of(value.age()));
      assertThat(value.country()).isNotNull();
      assertThat(value.gender()).isNotNull();
    }

    Validated<ApiResponse> response = RandomUserResponseParser.parse(payload);
    assertTyped(response);
    if (response.isValid()) {
      for (ApiResponse.RejectedRecord rejected : response.value().rejected()) {
        assertThat(rejected.errors()).isNotEmpty().allSatisfy(ContractFuzzTests::assertTyped);
      }
    }

    JsonNode tree = treeOrNull(payload);
    if (tree != null) {
      assertTyped(UserRecordReader.read(tree));
    }
    assertTyped(AnalyticProjector.eventTime(new String(payload, StandardCharsets.UTF_8)));
  }

  private static void assertTyped(Validated<?> result) {
    if (!result.isValid()) {
      assertThat(result.errors()).isNotEmpty().allSatisfy(ContractFuzzTests::assertTyped);
      assertThat(result.errorSummary()).isNotBlank();
    }
  }

  private static void assertTyped(ValidationError error) {
    assertThat(error.field()).isNotBlank();
    assertThat(error.reason()).isNotNull();
    assertThat(error.message()).isNotNull();
  }

  private static JsonNode treeOrNull(byte[] payload) {
    try {
      return Json.MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
