package io.demostream.ingest.source;

import io.demostream.events.EventSource;

/** One run's supply of users, one batch per call; not thread-safe (the ingestion loop owns it). */
public interface UserSource {

  /** The {@code source} attribute of every message built from this source. */
  EventSource kind();

  /**
   * Waits for the next slot of the configured rate, then fetches one batch.
   *
   * @throws SourceUnavailableException when the source failed after its retries; the caller may
   *     call again later
   * @throws InterruptedException when the run is being stopped
   */
  SourceBatch next() throws InterruptedException;

  /** True once a finite source (a replayed file) has nothing more; the run then ends by itself. */
  default boolean exhausted() {
    return false;
  }

  /** Releases what the source holds (a replay's open file); called once when its run ends. */
  default void close() {}

  /** A replay's progress through its file for the status; null for the other sources. */
  default ReplayProgress progress() {
    return null;
  }

  /** A scenario's ground truth (its injected events and their times); null without a scenario. */
  default ScenarioStatus scenario() {
    return null;
  }
}
