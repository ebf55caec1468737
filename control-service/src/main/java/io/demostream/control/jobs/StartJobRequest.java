package io.demostream.control.jobs;

import io.demostream.support.problem.InvalidRequestException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.convert.DurationStyle;

/**
 * The body of {@code POST /api/v1/jobs}; every member is optional and an empty body starts the
 * pipeline with its defaults. Durations are written as the pipeline writes them ({@code 90s},
 * {@code 5m}, {@code 1h}) or in ISO-8601 ({@code PT90S}); a bare number means seconds.
 *
 * @param windowType {@code fixed} (default) or {@code sliding}
 * @param windowSize window length, 1s to 24h (default 60s)
 * @param windowPeriod sliding windows only: how often a window starts, at most the size (default
 *     half the size)
 * @param allowedLateness 0 to 24h (default 5m)
 * @param earlyFiringInterval 1s up to the window size (default 10s, or the size if smaller)
 * @param maxWorkers Dataflow only: 1 to 1000 (default {@code demostream.dataflow.max-workers})
 * @param waitUntilRunning answer only once the job runs (or fails to)
 */
public record StartJobRequest(
    String windowType,
    String windowSize,
    String windowPeriod,
    String allowedLateness,
    String earlyFiringInterval,
    Integer maxWorkers,
    Boolean waitUntilRunning) {

  static final Duration DEFAULT_WINDOW_SIZE = Duration.ofSeconds(60);
  static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofMinutes(5);
  static final Duration DEFAULT_EARLY_FIRING = Duration.ofSeconds(10);
  private static final Duration MAX_WINDOW = Duration.ofHours(24);

  /** The request with every member left to its default. */
  public static StartJobRequest defaults() {
    return new StartJobRequest(null, null, null, null, null, null, null);
  }

  public boolean waits() {
    return Boolean.TRUE.equals(waitUntilRunning);
  }

  /**
   * Checks each member and their combinations and fills in defaults.
   *
   * @throws InvalidRequestException naming the first member at fault
   */
  public JobParameters toParameters() {
    WindowType type = parseWindowType();
    Duration size = duration("windowSize", windowSize, DEFAULT_WINDOW_SIZE);
    if (size.compareTo(Duration.ofSeconds(1)) < 0 || size.compareTo(MAX_WINDOW) > 0) {
      throw new InvalidRequestException("windowSize", "windowSize must be between 1s and 24h");
    }
    Duration period = null;
    if (type == WindowType.SLIDING) {
      period = duration("windowPeriod", windowPeriod, defaultPeriod(size));
      if (period.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new InvalidRequestException("windowPeriod", "windowPeriod must be at least 1s");
      }
      if (period.compareTo(size) > 0) {
        throw new InvalidRequestException(
            "windowPeriod",
            "windowPeriod ("
                + JobParameters.format(period)
                + ") must not exceed windowSize ("
                + JobParameters.format(size)
                + ")");
      }
    } else if (windowPeriod != null) {
      throw new InvalidRequestException(
          "windowPeriod", "windowPeriod applies only to windowType=sliding");
    }
    Duration lateness = duration("allowedLateness", allowedLateness, DEFAULT_ALLOWED_LATENESS);
    if (lateness.isNegative() || lateness.compareTo(MAX_WINDOW) > 0) {
      throw new InvalidRequestException(
          "allowedLateness", "allowedLateness must be between 0s and 24h");
    }
    Duration earlyFiring =
        duration(
            "earlyFiringInterval",
            earlyFiringInterval,
            DEFAULT_EARLY_FIRING.compareTo(size) > 0 ? size : DEFAULT_EARLY_FIRING);
    if (earlyFiring.compareTo(Duration.ofSeconds(1)) < 0 || earlyFiring.compareTo(size) > 0) {
      throw new InvalidRequestException(
          "earlyFiringInterval", "earlyFiringInterval must be between 1s and windowSize");
    }
    if (maxWorkers != null && (maxWorkers < 1 || maxWorkers > 1000)) {
      throw new InvalidRequestException("maxWorkers", "maxWorkers must be between 1 and 1000");
    }
    return new JobParameters(type, size, period, lateness, earlyFiring, maxWorkers);
  }

  private WindowType parseWindowType() {
    if (windowType == null || windowType.isBlank()) {
      return WindowType.FIXED;
    }
    try {
      return WindowType.parse(windowType);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "windowType", "windowType must be fixed or sliding, not '" + windowType + "'");
    }
  }

  private static Duration defaultPeriod(Duration size) {
    return Duration.ofSeconds(Math.max(1, size.toSeconds() / 2));
  }

  private static Duration duration(String field, String value, Duration fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Duration parsed;
    try {
      parsed = DurationStyle.detectAndParse(value.trim(), ChronoUnit.SECONDS);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new InvalidRequestException(
          field, field + " '" + value + "' is not a duration: use e.g. 90s, 5m, 1h or PT90S");
    }
    if (parsed.getNano() != 0) {
      throw new InvalidRequestException(field, field + " must be a whole number of seconds");
    }
    return parsed;
  }
}
