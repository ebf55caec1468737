package io.demostream.control.alerts.engine;

import java.time.Instant;

/**
 * What a forecast expected of a series in a window, for {@code anomaly} conditions: the interval a
 * value falls outside of with the given probability. The engine stays a pure function: the caller
 * answers from the forecast engine (or a table, in tests).
 */
@FunctionalInterface
public interface Expectations {

  /** Expects nothing: {@code anomaly} rules judge no window. */
  Expectations NONE = (seriesKey, windowStart, probability) -> null;

  /**
   * The interval of series {@code seriesKey} ({@link Measurements#ALL} or a country's key) in the
   * window starting at {@code windowStart} at {@code probability}; null when there is no forecast
   * for it (too little history, an error): the window is not judged.
   */
  Interval expected(String seriesKey, Instant windowStart, double probability);

  /** The expected interval of a window's value. */
  record Interval(double lower, double upper) {}
}
