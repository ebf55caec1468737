package io.demostream.control.insights.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * A regular series: {@code values[i]} is the window starting at {@code start + i * step}.
 *
 * @param start the first window's start
 * @param step the windows' length (the series' frequency)
 * @param values one value per window, missing windows as 0
 */
public record Series(Instant start, Duration step, double[] values) {

  public int size() {
    return values.length;
  }

  /** The start of window {@code index} (may lie beyond the series, for forecasts). */
  public Instant windowStart(int index) {
    return start.plus(step.multipliedBy(index));
  }

  /** The index of the window starting at {@code at}, rounded down. */
  public int indexOf(Instant at) {
    return (int) Math.floorDiv(Duration.between(start, at).toMillis(), step.toMillis());
  }
}
