package io.demostream.ingest.ingestion;

import io.demostream.events.EventSource;
import io.demostream.events.synthetic.Scenario;
import io.demostream.ingest.source.ReplayFormat;
import java.time.Duration;
import java.util.List;

/**
 * A request to start a run; null fields take the configured defaults.
 *
 * @param usersPerSecond the synthetic rate, or a replay's (null: a replay goes as fast as the topic
 *     takes its users)
 * @param duration stop by itself after this long; null runs until stopped (a replay also stops at
 *     the end of its file)
 * @param replay a replay's file and format; null for the other sources
 * @param scenario the synthetic source's scenario, its named defaults already applied; null for a
 *     flat rate
 */
public record StartCommand(
    EventSource source,
    Integer usersPerSecond,
    Double requestsPerSecond,
    Integer resultsPerRequest,
    List<String> nationalities,
    Duration duration,
    ReplayFile replay,
    Scenario scenario) {

  /** A command without a scenario. */
  public StartCommand(
      EventSource source,
      Integer usersPerSecond,
      Double requestsPerSecond,
      Integer resultsPerRequest,
      List<String> nationalities,
      Duration duration,
      ReplayFile replay) {
    this(
        source,
        usersPerSecond,
        requestsPerSecond,
        resultsPerRequest,
        nationalities,
        duration,
        replay,
        null);
  }

  /**
   * The file of a replay.
   *
   * @param file a local path or {@code gs://bucket/object}
   * @param format how it is written
   */
  public record ReplayFile(String file, ReplayFormat format) {}

  /** A command for a live source. */
  public StartCommand(
      EventSource source,
      Integer usersPerSecond,
      Double requestsPerSecond,
      Integer resultsPerRequest,
      List<String> nationalities,
      Duration duration) {
    this(
        source,
        usersPerSecond,
        requestsPerSecond,
        resultsPerRequest,
        nationalities,
        duration,
        null);
  }

  /** Everything from configuration, no time limit. */
  public static StartCommand defaults() {
    return new StartCommand(null, null, null, null, null, null);
  }
}
