package io.demostream.control.insights;

import io.demostream.support.problem.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The windows an insights request reads: those whose start lies in {@code [from, to)}. Filtering on
 * the window start, BigQuery's partition column, lets BigQuery read only the days in range.
 */
public record TimeRange(Instant from, Instant to) {

  /** The default range when a request gives neither bound. */
  static final Duration DEFAULT_LENGTH = Duration.ofHours(24);

  public TimeRange {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from must not be after to");
    }
  }

  /**
   * The range of a request's {@code from} and {@code to} parameters (RFC 3339, either may be
   * absent): {@code to} defaults to now rounded up to {@code alignment}, so that every viewer
   * asking for "the last 24 hours" within one refresh interval asks the same question, and {@code
   * from} to 24 hours before {@code to}.
   *
   * @throws InvalidRequestException naming the field that is malformed, or {@code from} when the
   *     range is inverted or longer than {@code maxRange}
   */
  static TimeRange of(String from, String to, Clock clock, Duration alignment, Duration maxRange) {
    Instant end =
        to == null || to.isBlank() ? alignUp(clock.instant(), alignment) : parse("to", to);
    Instant start =
        from == null || from.isBlank() ? end.minus(DEFAULT_LENGTH) : parse("from", from);
    if (start.isAfter(end)) {
      throw new InvalidRequestException(
          "from", "'from' (" + start + ") must not be after 'to' (" + end + ").");
    }
    if (Duration.between(start, end).compareTo(maxRange) > 0) {
      throw new InvalidRequestException(
          "from",
          "The range from "
              + start
              + " to "
              + end
              + " is longer than the maximum of "
              + maxRange
              + " (demostream.insights.max-range).");
    }
    return new TimeRange(start, end);
  }

  private static Instant parse(String field, String value) {
    try {
      // RFC 3339 allows a lower-case 't' and 'z'; ISO_OFFSET_DATE_TIME wants them upper case.
      return OffsetDateTime.parse(
              value.trim().toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          field,
          "'"
              + field
              + "' must be an RFC 3339 timestamp with an offset, e.g. 2026-12-01T10:00:00Z; got '"
              + abbreviate(value)
              + "'.");
    }
  }

  private static Instant alignUp(Instant now, Duration alignment) {
    long step = alignment.toMillis();
    if (step <= 0) {
      return now;
    }
    long millis = now.toEpochMilli();
    long remainder = Math.floorMod(millis, step);
    return Instant.ofEpochMilli(remainder == 0 ? millis : millis - remainder + step);
  }

  private static String abbreviate(String value) {
    return value.length() > 64 ? value.substring(0, 64) + "..." : value;
  }
}
