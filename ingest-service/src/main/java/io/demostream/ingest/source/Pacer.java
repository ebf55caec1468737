package io.demostream.ingest.source;

/** Spaces a source's batches in time; {@link RatePacer} in production, a fake clock in tests. */
public interface Pacer {

  /** No pacing at all: as fast as the caller goes. */
  Pacer UNPACED = () -> {};

  /** Blocks until the next slot. */
  void awaitNext() throws InterruptedException;
}
