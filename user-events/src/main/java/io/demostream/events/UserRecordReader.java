package io.demostream.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates one randomuser.me user record and reads the {@link UserFields} the contract needs, in
 * one pass.
 *
 * <p>Tolerates what the real API sends: sections absent under {@code inc}/{@code exc}, {@code
 * location.postcode} as number or string, {@code id.value} null. Requires what the warehouse
 * counts: gender, {@code dob.age} and {@code registered.age} (integers in {@value
 * #MIN_AGE}..{@value #MAX_AGE}) and {@code location.country}. Dates, when present, must be ISO-8601
 * instants.
 */
public final class UserRecordReader {

  public static final int MIN_AGE = 0;
  public static final int MAX_AGE = 130;

  private UserRecordReader() {}

  /** Reads a record; never throws for bad input. Error paths are relative to the record. */
  public static Validated<UserFields> read(JsonNode record) {
    if (record == null || !record.isObject()) {
      return Validated.invalid(
          new ValidationError(
              "$",
              ValidationError.Reason.NOT_AN_OBJECT,
              "a user record must be a JSON object, got " + typeOf(record)));
    }
    List<ValidationError> errors = new ArrayList<>(2);
    String gender = requiredText(record, "gender", "gender", errors);
    int age = age(record, "dob", errors);
    int registeredAge = age(record, "registered", errors);
    JsonNode location = record.path("location");
    String country = requiredText(location, "country", "location.country", errors);
    String state = optionalText(location, "state", "location.state", errors);
    String nationality = optionalText(record, "nat", "nat", errors);
    String loginUuid = optionalText(record.path("login"), "uuid", "login.uuid", errors);
    if (!errors.isEmpty()) {
      return Validated.invalid(errors);
    }
    return Validated.valid(
        new UserFields(
            Gender.fromApiValue(gender),
            age,
            registeredAge,
            country,
            state,
            nationality,
            loginUuid));
  }

  private static int age(JsonNode record, String section, List<ValidationError> errors) {
    JsonNode parent = record.get(section);
    if (parent == null || parent.isNull()) {
      errors.add(missing(section));
      return -1;
    }
    JsonNode date = parent.get("date");
    if (date != null && !date.isNull()) {
      if (!date.isTextual()) {
        errors.add(wrongType(section + ".date", "an ISO-8601 date string", date));
      } else if (!isInstant(date.textValue())) {
        errors.add(
            new ValidationError(
                section + ".date",
                ValidationError.Reason.UNPARSABLE_DATE,
                "'" + date.textValue() + "' is not an ISO-8601 instant"));
      }
    }
    String path = section + ".age";
    JsonNode age = parent.get("age");
    if (age == null || age.isNull()) {
      errors.add(missing(path));
      return -1;
    }
    if (!age.isIntegralNumber()) {
      errors.add(wrongType(path, "an integer", age));
      return -1;
    }
    long value = age.longValue();
    if (value < MIN_AGE || value > MAX_AGE) {
      errors.add(
          new ValidationError(
              path,
              ValidationError.Reason.OUT_OF_RANGE,
              value + " is outside " + MIN_AGE + ".." + MAX_AGE));
      return -1;
    }
    return (int) value;
  }

  private static boolean isInstant(String text) {
    return IsoInstants.parseOrNull(text) != null;
  }

  private static String requiredText(
      JsonNode parent, String name, String path, List<ValidationError> errors) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      errors.add(missing(path));
      return null;
    }
    if (!node.isTextual()) {
      errors.add(wrongType(path, "a string", node));
      return null;
    }
    return node.textValue();
  }

  private static String optionalText(
      JsonNode parent, String name, String path, List<ValidationError> errors) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      errors.add(wrongType(path, "a string", node));
      return null;
    }
    return node.textValue();
  }

  private static ValidationError missing(String path) {
    return new ValidationError(path, ValidationError.Reason.MISSING, "is required");
  }

  private static ValidationError wrongType(String path, String expected, JsonNode actual) {
    return new ValidationError(
        path,
        ValidationError.Reason.WRONG_TYPE,
        "expected " + expected + ", got " + typeOf(actual));
  }

  static String typeOf(JsonNode node) {
    return node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
