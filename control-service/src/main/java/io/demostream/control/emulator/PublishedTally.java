package io.demostream.control.emulator;

/**
 * Messages published since the subscription was last recreated, folded from ingest-service's
 * status: its {@code published} count restarts with each ingestion, which its {@code startedAt}
 * tells apart. Not thread-safe; {@link EmulatorWatch} calls it from one thread.
 */
final class PublishedTally {

  private long total;
  private String ingestionStartedAt;
  private long lastPublished;

  /** Adds what an ingestion published since the previous observation of it. */
  void observe(String startedAt, long published) {
    boolean sameIngestion = startedAt != null && startedAt.equals(ingestionStartedAt);
    long delta = sameIngestion ? published - lastPublished : published;
    if (delta > 0) {
      total += delta;
    }
    ingestionStartedAt = startedAt;
    lastPublished = published;
  }

  /** The subscription was recreated: what it held is gone. */
  void reset() {
    total = 0;
  }

  long total() {
    return total;
  }
}
