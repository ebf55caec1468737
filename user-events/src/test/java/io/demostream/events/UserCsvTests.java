package io.demostream.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserCsvTests {

  private static final String HEADER = String.join(",", UserCsv.COLUMNS);

  @Test
  void aLineBecomesARecordInTheApisShapeThatValidatesLikeOne() {
    UserCsv csv = UserCsv.header(HEADER).value();

    UserEventLine line =
        csv.read(
                "2026-11-27T10:15:30.000Z,e-1,female,1990-05-01T08:00:00.000Z,36,"
                    + "2010-01-01T00:00:00.000Z,16,Turkey,\"Kırşehir, Merkez\",TR,u-1")
            .value();

    assertThat(line.attributes())
        .containsEntry("event_time", "2026-11-27T10:15:30.000Z")
        .containsEntry("event_id", "e-1");
    assertThat(line.data().toString())
        .isEqualTo(
            "{\"gender\":\"female\",\"dob\":{\"date\":\"1990-05-01T08:00:00.000Z\",\"age\":36},"
                + "\"registered\":{\"date\":\"2010-01-01T00:00:00.000Z\",\"age\":16},"
                + "\"location\":{\"country\":\"Turkey\",\"state\":\"Kırşehir, Merkez\"},"
                + "\"nat\":\"TR\",\"login\":{\"uuid\":\"u-1\"}}");
    UserFields fields = UserRecordReader.read(line.data()).value();
    assertThat(fields)
        .isEqualTo(
            new UserFields(Gender.FEMALE, 36, 16, "Turkey", "Kırşehir, Merkez", "TR", "u-1"));
  }

  @Test
  void columnsComeInAnyOrderAndOptionalOnesMayBeMissingOrEmpty() {
    UserCsv csv = UserCsv.header("location.country, registered.age,gender,dob.age,nat").value();

    UserEventLine line = csv.read("Norway,3,male,70,").value();

    assertThat(line.attributes()).isEmpty();
    assertThat(UserRecordReader.read(line.data()).value())
        .isEqualTo(new UserFields(Gender.MALE, 70, 3, "Norway", null, null, null));
  }

  @Test
  void badValuesFailTheSameValidationAsApiRecords() {
    UserCsv csv = UserCsv.header(HEADER).value();

    UserEventLine line = csv.read(",,,not-a-date,abc,,200,,,,").value();

    assertThat(UserRecordReader.read(line.data()).errors())
        .extracting(ValidationError::field, ValidationError::reason)
        .containsExactlyInAnyOrder(
            tuple("gender", ValidationError.Reason.MISSING),
            tuple("dob.date", ValidationError.Reason.UNPARSABLE_DATE),
            tuple("dob.age", ValidationError.Reason.WRONG_TYPE),
            tuple("registered.age", ValidationError.Reason.OUT_OF_RANGE),
            tuple("location.country", ValidationError.Reason.MISSING));
  }

  @Test
  void aLineWithTheWrongNumberOfCellsOrAnOpenQuoteIsInvalid() {
    UserCsv csv = UserCsv.header("gender,dob.age,registered.age,location.country").value();

    assertThat(csv.read("male,30,2").errors())
        .extracting(ValidationError::field, ValidationError::reason)
        .containsExactly(tuple("$", ValidationError.Reason.INVALID_CSV));
    assertThat(csv.read("male,30,2,\"Norway").errors().get(0).reason())
        .isEqualTo(ValidationError.Reason.INVALID_CSV);
    assertThat(csv.read("male,30,2,\"Nor\"way").errors().get(0).reason())
        .isEqualTo(ValidationError.Reason.INVALID_CSV);
    assertThat(csv.read("male,30,2,\"Say \"\"hi\"\"\"").value().data().path("location"))
        .hasToString("{\"country\":\"Say \\\"hi\\\"\"}");
  }

  @Test
  void aHeaderMustNameKnownColumnsOnceAndTheRequiredOnes() {
    assertThat(UserCsv.header("gender,dob.age,age,location.country,gender").errors())
        .extracting(ValidationError::message)
        .anySatisfy(message -> assertThat(message).startsWith("unknown column 'age'"))
        .anySatisfy(message -> assertThat(message).isEqualTo("column 'gender' twice"))
        .anySatisfy(
            message -> assertThat(message).isEqualTo("column 'registered.age' is required"));
    assertThat(UserCsv.header(HEADER).value().header()).isEqualTo(UserCsv.COLUMNS);
  }

  @Test
  void idempotentEventIdsAreStablePerKeyAndIndexAndDistinctOtherwise() {
    String first = UserEventMessages.idempotentEventId("order-42", 0);

    assertThat(UUID.fromString(first).version()).isEqualTo(3);
    assertThat(UserEventMessages.idempotentEventId("order-42", 0)).isEqualTo(first);
    assertThat(
            List.of(
                UserEventMessages.idempotentEventId("order-42", 1),
                UserEventMessages.idempotentEventId("order-43", 0)))
        .doesNotContain(first)
        .doesNotHaveDuplicates();
  }

  @Test
  void everySourceHasItsWireName() {
    assertThat(EventSource.values())
        .extracting(EventSource::wireName)
        .containsExactly("randomuser", "synthetic", "push", "replay");
    assertThat(EventSource.fromWireName("REPLAY")).isEqualTo(EventSource.REPLAY);
  }
}
