package io.demostream.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Parses ISO-8601 UTC instants as {@link Instant#parse} does, with a fast path for the one form the
 * API and ingest send ({@code 2026-11-27T10:15:30.123Z}, with or without milliseconds). Every
 * message carries three such dates, and {@code DateTimeFormatter} parsing cost as much as the JSON
 * parse itself.
 */
final class IsoInstants {

  private static final int SECONDS_PER_DAY = 86_400;

  private IsoInstants() {}

  /** The instant, or null when {@code text} is not an ISO-8601 instant. */
  static Instant parseOrNull(String text) {
    Instant fast = parseCommonForm(text);
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code uuuu-MM-ddTHH:mm:ss[.SSS]Z}, or null to let {@link Instant#parse} decide. */
  private static Instant parseCommonForm(String text) {
    int length = text.length();
    if ((length != 20 && length != 24) || text.charAt(length - 1) != 'Z') {
      return null;
    }
    if (text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || (length == 24 && text.charAt(19) != '.')) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    int millis = length == 24 ? digits(text, 20, 3) : 0;
    // Out-of-range or non-digit fields (and leap seconds) take the exact path.
    if ((year | month | day | hour | minute | second | millis) < 0
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    try {
      long epochDay = LocalDate.of(year, month, day).toEpochDay();
      long epochSecond = epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
      return Instant.ofEpochSecond(epochSecond, millis * 1_000_000L);
    } catch (DateTimeException e) {
      return null; // e.g. 2026-02-30: Instant.parse rejects it too
    }
  }

  /** The decimal value of {@code count} digits at {@code from}, or -1 if any is not a digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
