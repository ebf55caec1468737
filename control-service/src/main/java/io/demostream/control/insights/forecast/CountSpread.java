package io.demostream.control.insights.forecast;

/**
 * The spread of a count at a predicted level. Counts of random arrivals vary like Poisson counts,
 * by the square root of their level: a window predicted at 200 users varies twice as much as one at
 * 50. One spread for the whole series would flag the peaks of a daily cycle too often and its
 * troughs too rarely, so residuals are standardised by {@code sqrt(level)} and their robust spread
 * {@code k} (1 for pure Poisson noise, more when the model's own error adds to it) scales back.
 */
final class CountSpread {

  /**
   * The least {@code k}: arrivals counted per window vary at least like Poisson counts. Residuals
   * over the first seasons, which also initialise the season, understate it.
   */
  static final double POISSON = 1;

  /** The fewest residuals of unseen windows that the spread is taken from alone. */
  static final int MIN_UNSEEN = 30;

  private final double k;
  private final double floor;

  private CountSpread(double k, double floor) {
    this.k = k;
    this.floor = floor;
  }

  /**
   * Fitted to the one-step residuals of {@code y} against {@code predicted} (NaN: none), from
   * window {@code unseen} on when at least {@link #MIN_UNSEEN} windows follow it: the windows
   * before it started the model, so their residuals are smaller than a forecast's.
   */
  static CountSpread fit(double[] y, double[] predicted, int unseen, double floor) {
    int from = y.length - unseen >= MIN_UNSEEN ? unseen : 0;
    int count = 0;
    for (int t = from; t < y.length; t++) {
      count += Double.isNaN(predicted[t]) ? 0 : 1;
    }
    double[] standardised = new double[count];
    int i = 0;
    for (int t = from; t < y.length; t++) {
      if (!Double.isNaN(predicted[t])) {
        standardised[i++] = (y[t] - predicted[t]) / scale(predicted[t]);
      }
    }
    return new CountSpread(Math.max(POISSON, Robust.sigma(standardised, 0)), floor);
  }

  /** The standard deviation of a window predicted at {@code level}. */
  double at(double level) {
    return Math.max(floor, k * scale(level));
  }

  /** Below one user a count's spread stops shrinking: the scale of a level of at least 1. */
  private static double scale(double level) {
    return Math.sqrt(Math.max(1, level));
  }
}
