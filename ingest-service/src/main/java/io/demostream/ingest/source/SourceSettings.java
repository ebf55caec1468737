package io.demostream.ingest.source;

import io.demostream.events.EventSource;
import io.demostream.events.synthetic.Scenario;
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
 * @param scenario the synthetic source's traffic shape; null keeps its flat rate
 */
public record SourceSettings(
    EventSource source,
    int usersPerSecond,
    double requestsPerSecond,
    int resultsPerRequest,
    List<String> nationalities,
    ReplaySettings replay,
    Scenario scenario) {

  public SourceSettings {
    nationalities = List.copyOf(nationalities);
    if ((source == EventSource.REPLAY) != (replay != null)) {
      throw new IllegalArgumentException("replay settings go with source replay, and only there");
    }
    if (scenario != null && source != EventSource.SYNTHETIC) {
      throw new IllegalArgumentException("a scenario goes with source synthetic only");
    }
  }

  /** The settings of a source without a scenario. */
  public SourceSettings(
      EventSource source,
      int usersPerSecond,
      double requestsPerSecond,
      int resultsPerRequest,
      List<String> nationalities,
      ReplaySettings replay) {
    this(source, usersPerSecond, requestsPerSecond, resultsPerRequest, nationalities, replay, null);
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
