package io.demostream.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * Validates one contract message and projects it onto {@link AnalyticUser}. The pipeline calls this
 * for every message; anything invalid goes to the dead letter with {@link Validated#errorSummary()}
 * as reason.
 */
public final class AnalyticProjector {

  /** Largest {@code data} accepted; a real user record is about 1.2 KiB. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  private AnalyticProjector() {}

  /** Projects a message; never throws for bad input. */
  public static Validated<AnalyticUser> project(byte[] data, Map<String, String> attributes) {
    if (data == null || data.length == 0) {
      return Validated.invalid(
          new ValidationError("data", ValidationError.Reason.MISSING, "the message has no data"));
    }
    if (data.length > MAX_PAYLOAD_BYTES) {
      return Validated.invalid(
          new ValidationError(
              "data",
              ValidationError.Reason.TOO_LARGE,
              data.length + " bytes exceed the limit of " + MAX_PAYLOAD_BYTES));
    }
    Map<String, String> attrs = attributes == null ? Map.of() : attributes;
    String version = attrs.get(UserEventAttributes.SCHEMA_VERSION);
    if (version != null && !UserEventAttributes.CURRENT_SCHEMA_VERSION.equals(version)) {
      return Validated.invalid(
          new ValidationError(
              "attributes." + UserEventAttributes.SCHEMA_VERSION,
              ValidationError.Reason.UNSUPPORTED_VALUE,
              "schema version '" + version + "' is not supported"));
    }
    String eventId = attrs.get(UserEventAttributes.EVENT_ID);
    if (eventId == null || eventId.isBlank()) {
      return Validated.invalid(
          new ValidationError(
              "attributes." + UserEventAttributes.EVENT_ID,
              ValidationError.Reason.MISSING,
              "is required"));
    }
    Validated<Instant> eventTime = eventTime(attrs.get(UserEventAttributes.EVENT_TIME));
    if (!eventTime.isValid()) {
      return Validated.invalid(eventTime.errors());
    }
    JsonNode record;
    try {
      record = Json.MAPPER.readTree(data);
    } catch (JsonProcessingException e) {
      return Validated.invalid(RandomUserResponseParser.invalidJson(e).under("data"));
    } catch (IOException e) {
      return Validated.invalid(
          new ValidationError("data", ValidationError.Reason.INVALID_JSON, e.getMessage()));
    }
    Validated<UserFields> fields = UserRecordReader.read(record);
    if (!fields.isValid()) {
      return Validated.invalid(fields.errors());
    }
    UserFields user = fields.value();
    return Validated.valid(
        new AnalyticUser(
            eventId,
            eventTime.value(),
            user.gender(),
            user.age(),
            user.registeredAge(),
            user.country(),
            user.state(),
            user.nationality(),
            AgeBand.of(user.age())));
  }

  /**
   * The {@code event_time} attribute value as an instant, or the error naming why it is missing or
   * unparsable. The pipeline's reader stamps messages with it; never throws.
   */
  public static Validated<Instant> eventTime(String text) {
    String field = "attributes." + UserEventAttributes.EVENT_TIME;
    if (text == null || text.isBlank()) {
      return Validated.invalid(
          new ValidationError(field, ValidationError.Reason.MISSING, "is required"));
    }
    Instant instant = IsoInstants.parseOrNull(text);
    if (instant == null) {
      return Validated.invalid(
          new ValidationError(
              field,
              ValidationError.Reason.UNPARSABLE_DATE,
              "'" + text + "' is not an RFC 3339 UTC timestamp"));
    }
    return Validated.valid(instant);
  }
}
