package io.demostream.control.backfills;

import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.StartJobRequest;
import io.demostream.support.problem.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The body of {@code POST /api/v1/backfills}.
 *
 * @param inputFiles the files to read: a path or glob, local to the pipeline or {@code gs://};
 *     JSONL, one message per line as it would have been published (docs/CONTRACT.md)
 * @param start first instant of the event-time range the backfill may write (RFC 3339, inclusive)
 * @param end end of the range (exclusive); lines outside the range are dead-lettered
 * @param windowType {@code fixed} (default) or {@code sliding}, as for a job
 * @param windowSize window length as for a job (default 60s); {@code start} and {@code end} must
 *     fall on window boundaries
 * @param windowPeriod sliding windows only
 * @param allowedLateness as for a job (default 5m); in batch no user is late
 */
public record BackfillRequest(
    String inputFiles,
    String start,
    String end,
    String windowType,
    String windowSize,
    String windowPeriod,
    String allowedLateness) {

  /**
   * Checks each member and fills in defaults.
   *
   * @param maxRange the longest range one backfill may cover
   * @throws InvalidRequestException naming the first member at fault
   */
  public BackfillSpec validate(Duration maxRange, Clock clock) {
    if (inputFiles == null || inputFiles.isBlank()) {
      throw new InvalidRequestException(
          "inputFiles", "inputFiles is required: a path or glob of JSONL files, local or gs://");
    }
    if (inputFiles.contains("\n") || inputFiles.contains("\r")) {
      throw new InvalidRequestException("inputFiles", "inputFiles must be one line");
    }
    Instant from = instant("start", start);
    Instant to = instant("end", end);
    if (!from.isBefore(to)) {
      throw new InvalidRequestException(
          "end", "end (" + to + ") must be after start (" + from + ")");
    }
    if (Duration.between(from, to).compareTo(maxRange) > 0) {
      throw new InvalidRequestException(
          "end",
          "a backfill covers at most "
              + maxRange.toHours()
              + "h (demostream.backfills.max-range); split the range");
    }
    if (to.isAfter(clock.instant())) {
      throw new InvalidRequestException(
          "end",
          "end (" + to + ") is in the future: a backfill counts history, the stream the present");
    }
    JobParameters parameters =
        new StartJobRequest(windowType, windowSize, windowPeriod, allowedLateness, null, null, null)
            .toParameters();
    long size = parameters.windowSize().toMillis();
    long step = parameters.windowPeriod() == null ? size : parameters.windowPeriod().toMillis();
    if (from.toEpochMilli() % step != 0) {
      throw new InvalidRequestException(
          "start", "start must fall on a window boundary (a multiple of " + step / 1000 + "s)");
    }
    if (to.toEpochMilli() % step != 0) {
      throw new InvalidRequestException(
          "end", "end must fall on a window boundary (a multiple of " + step / 1000 + "s)");
    }
    return new BackfillSpec(inputFiles.trim(), from, to, parameters);
  }

  private static Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(
          field, field + " is required: an RFC 3339 instant such as 2026-03-01T00:00:00Z");
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          field,
          field + " '" + value + "' is not an RFC 3339 instant such as 2026-03-01T00:00:00Z");
    }
  }
}
