package io.demostream.control.insights.forecast;

import java.util.Arrays;

/** Median and MAD: a spread that a few anomalies do not inflate. */
final class Robust {

  /** MAD times this estimates the standard deviation of normal data. */
  static final double MAD_TO_SIGMA = 1.4826;

  private Robust() {}

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    if (n == 0) {
      return 0;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** {@code 1.4826 * MAD}, with a floor so that a perfectly regular series still has a spread. */
  static double sigma(double[] residuals, double floor) {
    double median = median(residuals);
    double[] deviations = new double[residuals.length];
    for (int i = 0; i < residuals.length; i++) {
      deviations[i] = Math.abs(residuals[i] - median);
    }
    return Math.max(floor, MAD_TO_SIGMA * median(deviations));
  }
}
