package io.demostream.ingest.source;

import io.demostream.events.EventSource;
import java.util.List;

/**
 * The settings of one run's source: the configured defaults with a start request's overrides.
 *
 * @param source which source
 * @param usersPerSecond synthetic rate
 * @param requestsPerSecond randomuser request rate
 * @param resultsPerRequest randomuser users per request
 * @param nationalities randomuser {@code nat} filter; empty for all
 */
public record SourceSettings(
    EventSource source,
    int usersPerSecond,
    double requestsPerSecond,
    int resultsPerRequest,
    List<String> nationalities) {

  public SourceSettings {
    nationalities = List.copyOf(nationalities);
  }
}
