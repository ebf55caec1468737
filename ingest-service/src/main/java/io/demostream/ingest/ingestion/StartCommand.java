package io.demostream.ingest.ingestion;

import io.demostream.events.EventSource;
import java.time.Duration;
import java.util.List;

/**
 * A request to start a run; null fields take the configured defaults.
 *
 * @param duration stop by itself after this long; null runs until stopped
 */
public record StartCommand(
    EventSource source,
    Integer usersPerSecond,
    Double requestsPerSecond,
    Integer resultsPerRequest,
    List<String> nationalities,
    Duration duration) {

  /** Everything from configuration, no time limit. */
  public static StartCommand defaults() {
    return new StartCommand(null, null, null, null, null, null);
  }
}
