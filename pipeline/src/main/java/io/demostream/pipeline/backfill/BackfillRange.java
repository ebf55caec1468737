package io.demostream.pipeline.backfill;

import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The event-time range {@code [start, end)} a backfill may write: lines outside it are
 * dead-lettered, and the windows that intersect it must not hold another incarnation's panes
 * ({@link BackfillOverlap}). Explicit, so that the overlap can be checked before anything runs,
 * without reading the files.
 */
public record BackfillRange(Instant start, Instant end) implements Serializable {

  public BackfillRange {
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException(
          "--backfillStart (" + start + ") must be before --backfillEnd (" + end + ")");
    }
  }

  /**
   * @throws IllegalArgumentException naming the option that is missing or not an RFC 3339 instant
   */
  public static BackfillRange parse(String start, String end) {
    return new BackfillRange(instant("backfillStart", start), instant("backfillEnd", end));
  }

  public boolean contains(Instant eventTime) {
    return !eventTime.isBefore(start) && eventTime.isBefore(end);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }

  private static Instant instant(String option, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "--source=files needs --"
              + option
              + " (an RFC 3339 instant such as 2026-03-01T00:00:00Z)");
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--" + option + " must be an RFC 3339 instant such as 2026-03-01T00:00:00Z, got " + text);
    }
  }
}
