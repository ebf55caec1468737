package io.demostream.ingest.source;

import java.util.concurrent.TimeUnit;

/**
 * Spaces calls evenly at a rate. A caller that falls behind (a slow fetch, a blocked publish) does
 * not get a burst afterwards: the schedule restarts from now.
 */
public final class RatePacer implements Pacer {

  private final long intervalNanos;
  private long nextSlot = Long.MIN_VALUE;

  public RatePacer(double permitsPerSecond) {
    if (!(permitsPerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive, got " + permitsPerSecond);
    }
    this.intervalNanos = Math.max(1L, (long) (TimeUnit.SECONDS.toNanos(1) / permitsPerSecond));
  }

  @Override
  public void awaitNext() throws InterruptedException {
    long now = System.nanoTime();
    if (nextSlot == Long.MIN_VALUE || now - nextSlot > intervalNanos) {
      nextSlot = now;
    }
    long wait = nextSlot - now;
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    nextSlot += intervalNanos;
  }
}
