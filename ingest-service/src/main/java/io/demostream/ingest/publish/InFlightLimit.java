package io.demostream.ingest.publish;

import java.time.Duration;

/**
 * Counts publishes sent and not yet settled, and makes the sender wait at a bound. This is the
 * back-pressure: when Pub/Sub stops acknowledging, the ingestion loop blocks here and stops
 * fetching, instead of buffering users without limit.
 */
public final class InFlightLimit {

  private final int max;
  private int inFlight;

  public InFlightLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, got " + max);
    }
    this.max = max;
  }

  /**
   * Waits for room, then takes one slot. Not interruptible: a user already accepted from the source
   * is published even while the run is stopping.
   */
  public synchronized void acquire() {
    boolean interrupted = false;
    while (inFlight >= max) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    inFlight++;
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Takes {@code permits} slots at once if they are all free now, else none: a pushed request is
   * either taken whole or refused, never left waiting in a buffer.
   *
   * @return false when fewer than {@code permits} slots are free
   */
  public synchronized boolean tryAcquire(int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException("permits must be >= 0, got " + permits);
    }
    if (inFlight + permits > max) {
      return false;
    }
    inFlight += permits;
    return true;
  }

  /** The bound. */
  public int max() {
    return max;
  }

  public synchronized void release() {
    inFlight--;
    notifyAll();
  }

  public synchronized int inFlight() {
    return inFlight;
  }

  /** Waits until nothing is in flight; false if {@code timeout} passed first. */
  public synchronized boolean awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight > 0) {
      long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
      if (remainingMillis <= 0) {
        return false;
      }
      wait(remainingMillis);
    }
    return true;
  }
}
