package io.demostream.control.alerts.silences;

import java.time.Instant;

/**
 * A silence; a null matcher matches every rule or series.
 *
 * @param ruleId the rule it silences, or null for every rule
 * @param seriesKey the series it silences ({@code all}, {@code country=France}), or null for all
 */
public record Silence(
    String id,
    String ruleId,
    String seriesKey,
    Instant startsAt,
    Instant endsAt,
    String comment,
    Instant createdAt) {

  public boolean matches(String rule, String series, Instant at) {
    return (ruleId == null || ruleId.equals(rule))
        && (seriesKey == null || seriesKey.equals(series))
        && !at.isBefore(startsAt)
        && at.isBefore(endsAt);
  }
}
