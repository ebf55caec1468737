package io.demostream.control.insights.forecast;

import java.time.Duration;

/** Too little history for any model: how many windows are needed and how many there are. */
public class InsufficientHistoryException extends RuntimeException {

  private final int needed;
  private final int available;

  InsufficientHistoryException(int needed, int available, Duration frequency) {
    super(
        "A forecast needs at least "
            + needed
            + " windows of history"
            + (frequency == null ? "" : " (" + frequency.multipliedBy(needed) + " at " + frequency)
            + (frequency == null ? "" : ")")
            + "; the warehouse holds "
            + available
            + ".");
    this.needed = needed;
    this.available = available;
  }

  public int needed() {
    return needed;
  }

  public int available() {
    return available;
  }
}
