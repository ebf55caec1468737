package io.demostream.pipeline.parse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Something the pipeline could not process, with enough of the original to replay or explain it:
 * one {@code dead_letter} row.
 *
 * @param receivedAt when the pipeline processed it
 * @param eventTime the message's event time when it had a valid one, else null
 * @param error {@code field: REASON: message} for each fault
 * @param payload the original data as UTF-8, truncated to {@link #MAX_PAYLOAD_CHARS}
 * @param attributes the message attributes
 */
public record DeadLetter(
    Instant receivedAt,
    @Nullable Instant eventTime,
    String error,
    @Nullable String payload,
    Map<String, String> attributes) {

  /** Bound on the stored payload: enough to see what went wrong, never a whole oversized blob. */
  public static final int MAX_PAYLOAD_CHARS = 8 * 1024;

  public DeadLetter {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    payload = truncate(payload);
  }

  /** The {@code event_time} attribute as the row's event time, null when absent or unparsable. */
  public static @Nullable Instant eventTimeOf(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null; // already named in the error; the row keeps event_time empty
    }
  }

  /** Decodes {@code data} leniently (malformed UTF-8 becomes U+FFFD) and truncates it. */
  public static @Nullable String payloadOf(byte @Nullable [] data) {
    if (data == null) {
      return null;
    }
    int length = Math.min(data.length, MAX_PAYLOAD_CHARS * 4);
    return truncate(new String(data, 0, length, StandardCharsets.UTF_8));
  }

  private static @Nullable String truncate(@Nullable String text) {
    if (text == null || text.length() <= MAX_PAYLOAD_CHARS) {
      return text;
    }
    return text.substring(0, MAX_PAYLOAD_CHARS);
  }
}
