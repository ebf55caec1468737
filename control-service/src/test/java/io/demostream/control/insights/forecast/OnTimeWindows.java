package io.demostream.control.insights.forecast;

import io.demostream.control.insights.WindowRow;
import java.time.Duration;
import java.time.Instant;

/** Windows as the insights repository reads them, for the forecast tests. */
final class OnTimeWindows {

  private OnTimeWindows() {}

  /** An on-time window of {@code users}, {@code female} of them women, the rest men. */
  static WindowRow window(Instant start, Duration length, long users, long female) {
    return new WindowRow(
        start,
        start.plus(length),
        users,
        users - female,
        female,
        0,
        40,
        5,
        "ON_TIME",
        start.plus(length).plusSeconds(5));
  }

  /** A 1-minute window, half of it (rounded up) women. */
  static WindowRow minute(Instant start, long users) {
    return window(start, Duration.ofMinutes(1), users, users - users / 2);
  }
}
