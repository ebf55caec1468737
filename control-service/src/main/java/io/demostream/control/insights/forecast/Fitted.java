package io.demostream.control.insights.forecast;

/**
 * A model fitted to a series: its one-step-ahead predictions over the history, the spread of its
 * residuals, and its forecasts with the spread of each horizon.
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

  /** The robust standard deviation of the one-step residuals. */
  double sigma();

  /** The point forecast {@code h} windows past the end (h from 1). */
  double forecast(int h);

  /** The standard deviation of the forecast {@code h} windows ahead, {@code sigma()} at h = 1. */
  double sigmaAhead(int h);
}
