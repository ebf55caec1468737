package io.demostream.control.insights.forecast;

/**
 * A model fitted to a series: its one-step-ahead predictions over the history with their spread,
 * and its forecasts with the spread of each horizon.
 */
interface Fitted {

  /** {@code local-holt-winters}, {@code local-seasonal-naive}... */
  String engine();

  /** The season in windows it uses (0: none). */
  int season();

  /**
   * The one-step-ahead prediction of window {@code index} of the history (NaN before the first).
   */
  double fittedAt(int index);

  /**
   * The standard deviation of window {@code index}'s one-step prediction: it scales with the
   * predicted level ({@link CountSpread}).
   */
  double sigmaAt(int index);

  /** The point forecast {@code h} windows past the end (h from 1). */
  double forecast(int h);

  /** The standard deviation of the forecast {@code h} windows ahead, at the forecast's level. */
  double sigmaAhead(int h);

  /**
   * The same model (its season and smoothing constants) run over {@code values}, a later read of
   * the series: windows that arrived since the training are predicted and judged without a new fit.
   */
  Fitted refilter(double[] values);
}
