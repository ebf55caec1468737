package io.demostream.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.demostream.events.ValidationError.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserRecordReaderTests {

  private static final String VALID =
      """
      {"gender":"female","dob":{"date":"1990-05-01T10:00:00.000Z","age":35},
       "registered":{"date":"2015-01-01T00:00:00.000Z","age":10},
       "location":{"country":"Brazil","state":"Bahia","postcode":"40000-000"},"nat":"BR",
       "login":{"uuid":"u-1"}}
      """;

  @Test
  void readsAValidRecord() {
    assertThat(read(VALID).value())
        .isEqualTo(new UserFields(Gender.FEMALE, 35, 10, "Brazil", "Bahia", "BR", "u-1"));
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/gender                     | gender           | MISSING",
        "/dob                        | dob              | MISSING",
        "/dob/age                    | dob.age          | MISSING",
        "/registered/age             | registered.age   | MISSING",
        "/location                   | location.country | MISSING",
        "/location/country           | location.country | MISSING",
      })
  void missingRequiredFieldIsNamed(String pointer, String field, Reason reason) {
    JsonNode record = parseJson(VALID);
    remove(record, pointer);

    assertThat(UserRecordReader.read(record).errors())
        .extracting(ValidationError::field, ValidationError::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(field, reason));
  }

  @ParameterizedTest(name = "{0}={1} -> {2} {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/dob/age         | 131                | dob.age          | OUT_OF_RANGE",
        "/dob/age         | -1                 | dob.age          | OUT_OF_RANGE",
        "/registered/age  | 999                | registered.age   | OUT_OF_RANGE",
        "/dob/age         | \"35\"             | dob.age          | WRONG_TYPE",
        "/dob/age         | 35.5               | dob.age          | WRONG_TYPE",
        "/gender          | 1                  | gender           | WRONG_TYPE",
        "/location/country| []                 | location.country | WRONG_TYPE",
        "/nat             | 7                  | nat              | WRONG_TYPE",
        "/dob/date        | \"yesterday\"      | dob.date         | UNPARSABLE_DATE",
        "/registered/date | \"2015-13-01\"     | registered.date  | UNPARSABLE_DATE",
      })
  void badValueIsNamedWithItsReason(String pointer, String json, String field, Reason reason) {
    JsonNode record = parseJson(VALID);
    replace(record, pointer, parseJson(json));

    assertThat(UserRecordReader.read(record).errors())
        .extracting(ValidationError::field, ValidationError::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(field, reason));
  }

  @Test
  void boundaryAgesAreValid() {
    JsonNode record = parseJson(VALID);
    replace(record, "/dob/age", parseJson("130"));
    replace(record, "/registered/age", parseJson("0"));

    assertThat(UserRecordReader.read(record).value().age()).isEqualTo(130);
  }

  @Test
  void nonObjectRecordIsRejected() {
    assertThat(UserRecordReader.read(parseJson("\"user\"")).errors())
        .extracting(ValidationError::reason)
        .containsExactly(Reason.NOT_AN_OBJECT);
  }

  @Test
  void unknownGenderCountsAsOther() {
    JsonNode record = parseJson(VALID);
    replace(record, "/gender", parseJson("\"non-binary\""));

    assertThat(UserRecordReader.read(record).value().gender()).isEqualTo(Gender.OTHER);
  }

  @Test
  void reportsEveryFaultOfARecord() {
    assertThat(read("{\"dob\":{\"age\":300}}").errors())
        .extracting(ValidationError::field)
        .containsExactly("gender", "dob.age", "registered", "location.country");
  }

  private static Validated<UserFields> read(String json) {
    return UserRecordReader.read(parseJson(json));
  }

  static JsonNode parseJson(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static void remove(JsonNode record, String pointer) {
    int slash = pointer.lastIndexOf('/');
    ((com.fasterxml.jackson.databind.node.ObjectNode) record.at(pointer.substring(0, slash)))
        .remove(pointer.substring(slash + 1));
  }

  private static void replace(JsonNode record, String pointer, JsonNode value) {
    int slash = pointer.lastIndexOf('/');
    ((com.fasterxml.jackson.databind.node.ObjectNode) record.at(pointer.substring(0, slash)))
        .set(pointer.substring(slash + 1), value);
  }
}
