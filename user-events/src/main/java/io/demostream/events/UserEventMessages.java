package io.demostream.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds contract messages from user records: the only way a user leaves the ingest service. */
public final class UserEventMessages {

  /** Fields of {@code login} that never leave the ingest service. */
  public static final List<String> CREDENTIAL_FIELDS =
      List.of("password", "salt", "md5", "sha1", "sha256");

  /** RFC 3339, UTC, always with milliseconds (Instant.toString drops zero millis). */
  public static final DateTimeFormatter EVENT_TIME_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private UserEventMessages() {}

  /**
   * Builds the message for one record. Removes the credential fields from {@code record} itself:
   * the caller hands over a record it no longer needs with credentials.
   *
   * @param loginUuid the record's {@code login.uuid} if known, else null for a random event id
   * @param observedAt when ingest observed the record
   */
  public static UserEventMessage toMessage(
      ObjectNode record, String loginUuid, Instant observedAt, EventSource source) {
    return toMessageWithEventId(
        record, loginUuid != null ? loginUuid : UUID.randomUUID().toString(), observedAt, source);
  }

  /**
   * Builds the message for one record with a given {@code event_id} (a replayed line's recorded id,
   * or {@link #idempotentEventId}); removes the credentials from {@code record} as {@link
   * #toMessage(ObjectNode, String, Instant, EventSource)} does.
   *
   * @param eventTime the {@code event_time}: when ingest observed the record, or when a replayed
   *     file recorded it
   */
  public static UserEventMessage toMessageWithEventId(
      ObjectNode record, String eventId, Instant eventTime, EventSource source) {
    if (eventId == null || eventId.isBlank()) {
      throw new IllegalArgumentException("an event id is required");
    }
    removeCredentials(record);
    Instant observedAt = eventTime;
    byte[] data;
    try {
      data = Json.MAPPER.writeValueAsBytes(record);
    } catch (JsonProcessingException e) {
      // A tree built by Jackson always serialises; reaching here is a programming error.
      throw new IllegalStateException("cannot serialise a user record", e);
    }
    return new UserEventMessage(
        data,
        Map.of(
            UserEventAttributes.EVENT_TIME,
            EVENT_TIME_FORMAT.format(observedAt),
            UserEventAttributes.EVENT_ID,
            eventId,
            UserEventAttributes.SCHEMA_VERSION,
            UserEventAttributes.CURRENT_SCHEMA_VERSION,
            UserEventAttributes.SOURCE,
            source.wireName()));
  }

  /** Builds the message for a validated user from a parsed response. */
  public static UserEventMessage toMessage(
      ApiResponse.ValidUser user, Instant observedAt, EventSource source) {
    return toMessage(user.record(), user.fields().loginUuid(), observedAt, source);
  }

  /**
   * The {@code event_id} of the user at {@code index} of a pushed request that carries an {@code
   * Idempotency-Key}: a name-based (version 3) UUID of {@code push:<key>:<index>}, so the same
   * request sent again yields the same ids and the pipeline's deduplication counts it once.
   */
  public static String idempotentEventId(String idempotencyKey, int index) {
    if (idempotencyKey == null || idempotencyKey.isEmpty() || index < 0) {
      throw new IllegalArgumentException("an idempotency key and an index >= 0 are required");
    }
    return UUID.nameUUIDFromBytes(
            ("push:" + idempotencyKey + ":" + index).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** Removes {@link #CREDENTIAL_FIELDS} from {@code login}, if the record has one. */
  public static void removeCredentials(ObjectNode record) {
    JsonNode login = record.get("login");
    if (login instanceof ObjectNode loginObject) {
      loginObject.remove(CREDENTIAL_FIELDS);
    }
  }
}
