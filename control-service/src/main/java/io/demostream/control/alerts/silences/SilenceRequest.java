package io.demostream.control.alerts.silences;

import java.time.Instant;

/**
 * A silence to create: at least one matcher, an end after its start (default now).
 *
 * @param matchers which transitions it silences
 */
public record SilenceRequest(Matchers matchers, Instant startsAt, Instant endsAt, String comment) {

  /** {@code rule} is a rule id; {@code series} a series key. */
  public record Matchers(String rule, String series) {}
}
