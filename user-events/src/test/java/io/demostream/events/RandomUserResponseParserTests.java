package io.demostream.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.ValidationError.Reason;
import io.demostream.events.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RandomUserResponseParserTests {

  static Stream<Path> fixtures() {
    return Fixtures.randomUserResponses().stream();
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void everySharedFixtureParsesWithoutRejects(Path fixture) throws Exception {
    byte[] body = Files.readAllBytes(fixture);
    int declared = Json.MAPPER.readTree(body).path("info").path("results").asInt();

    Validated<ApiResponse> response = RandomUserResponseParser.parse(body);

    assertThat(response.isValid()).as(response.toString()).isTrue();
    assertThat(response.value().rejected()).isEmpty();
    assertThat(response.value().users()).hasSize(declared);
    assertThat(response.value().seed()).isNotBlank();
  }

  @Test
  void readsTheAnalyticFieldsOfARealRecord() {
    ApiResponse response =
        RandomUserResponseParser.parse(Fixtures.randomUserResponse("results-1.json")).value();

    UserFields fields = response.users().get(0).fields();
    assertThat(fields)
        .isEqualTo(
            new UserFields(
                Gender.MALE,
                35,
                17,
                "Turkey",
                "Çanakkale",
                "TR",
                "b329fc3b-280a-461b-8aa7-ad5185883ff0"));
  }

  @Test
  void recordsWithoutLoginHaveNoUuid() {
    ApiResponse response =
        RandomUserResponseParser.parse(Fixtures.randomUserResponse("exc-login.json")).value();

    assertThat(response.users())
        .isNotEmpty()
        .allSatisfy(user -> assertThat(user.fields().loginUuid()).isNull());
  }

  @Test
  void toleratesStringPostcodesAndNullIds() {
    ApiResponse response =
        RandomUserResponseParser.parse(
                Fixtures.randomUserResponse("nat-null-id-and-string-postcode.json"))
            .value();

    assertThat(response.users())
        .anySatisfy(user -> assertThat(user.record().at("/location/postcode").isTextual()).isTrue())
        .anySatisfy(user -> assertThat(user.record().at("/id/value").isNull()).isTrue());
  }

  @Test
  void rejectsOneBadRecordAndKeepsTheRest() {
    String body =
        """
        {"results":[
          {"gender":"female","dob":{"age":30},"registered":{"age":2},"location":{"country":"Norway"}},
          {"gender":"male","dob":{"age":200},"registered":{"age":2},"location":{"country":"Norway"}},
          42
        ],"info":{"seed":"x","results":3}}
        """;

    ApiResponse response = parse(body).value();

    assertThat(response.users()).hasSize(1);
    assertThat(response.rejected())
        .extracting(ApiResponse.RejectedRecord::index)
        .containsExactly(1, 2);
    assertThat(response.rejected().get(0).errors())
        .containsExactly(
            new ValidationError(
                "results[1].dob.age", Reason.OUT_OF_RANGE, "200 is outside 0..130"));
    assertThat(response.rejected().get(1).errors())
        .extracting(ValidationError::field, ValidationError::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("results[2]", Reason.NOT_AN_OBJECT));
  }

  @Test
  void malformedJsonIsATypedError() {
    Validated<ApiResponse> response = parse("{\"results\": [");

    assertThat(response.isValid()).isFalse();
    assertThat(response.errors())
        .singleElement()
        .extracting(ValidationError::reason)
        .isEqualTo(Reason.INVALID_JSON);
  }

  @Test
  void emptyBodyIsATypedError() {
    assertThat(parse("").errors())
        .singleElement()
        .extracting(ValidationError::reason)
        .isEqualTo(Reason.INVALID_JSON);
  }

  @Test
  void apiErrorDocumentIsReported() {
    Validated<ApiResponse> response =
        parse("{\"error\":\"Uh oh, something has gone wrong. Please tweet us @randomapi\"}");

    assertThat(response.errors())
        .containsExactly(
            new ValidationError(
                "error",
                Reason.API_ERROR,
                "Uh oh, something has gone wrong. Please tweet us @randomapi"));
  }

  @Test
  void missingOrMistypedResultsAreReported() {
    assertThat(parse("{\"info\":{}}").errors())
        .containsExactly(new ValidationError("results", Reason.MISSING, "is required"));
    assertThat(parse("{\"results\":{}}").errors())
        .extracting(ValidationError::reason)
        .containsExactly(Reason.WRONG_TYPE);
    assertThat(parse("[1,2]").errors())
        .extracting(ValidationError::reason)
        .containsExactly(Reason.NOT_AN_OBJECT);
  }

  @Test
  void emptyResultListIsValidAndEmpty() {
    ApiResponse response =
        parse("{\"results\":[],\"info\":{\"seed\":\"s\",\"results\":0}}").value();

    assertThat(response.users()).isEmpty();
    assertThat(response.rejected()).isEmpty();
  }

  private static Validated<ApiResponse> parse(String body) {
    return RandomUserResponseParser.parse(body.getBytes(StandardCharsets.UTF_8));
  }
}
