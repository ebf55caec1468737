package io.demostream.ingest.ingestion;

/** Where ingestion is in its life; a new run may start from any state but the two active ones. */
public enum IngestionState {
  /** No run since the service started. */
  IDLE,
  /** Fetching and publishing. */
  RUNNING,
  /** No longer fetching; waiting for in-flight publishes. */
  STOPPING,
  /** The last run ended (on request, at its duration, or at shutdown) and drained. */
  STOPPED,
  /** The last run ended on an unexpected error; see {@code lastError}. */
  FAILED;

  public boolean active() {
    return this == RUNNING || this == STOPPING;
  }
}
