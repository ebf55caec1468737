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
 * @param replay the file and rate of a replay; null for the other sources
 */
public record SourceSettings(
    EventSource source,
    int usersPerSecond,
    double requestsPerSecond,
    int resultsPerRequest,
    List<String> nationalities,
    ReplaySettings replay) {

  public SourceSettings {
    nationalities = List.copyOf(nationalities);
    if ((source == EventSource.REPLAY) != (replay != null)) {
      throw new IllegalArgumentException("replay settings go with source replay, and only there");
    }
  }

  /** The settings of a live source. */
  public SourceSettings(
      EventSource source,
      int usersPerSecond,
      double requestsPerSecond,
      int resultsPerRequest,
      List<String> nationalities) {
    this(source, usersPerSecond, requestsPerSecond, resultsPerRequest, nationalities, null);
  }
}
