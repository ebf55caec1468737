package io.demostream.control.insights.forecast;

/**
 * Finds a series' season by autocorrelation of the linearly detrended series: the lag of the first
 * autocorrelation peak near the highest one (and above {@link #MIN_CORRELATION}) after the
 * autocorrelation first drops below zero (before that, every small lag of a smooth cycle
 * correlates), searched up to half the series so that at least two seasons back it.
 */
final class SeasonDetector {

  static final double MIN_CORRELATION = 0.3;
  static final int MIN_SEASON = 3;
  static final double NEAR_HIGHEST = 0.85;

  private SeasonDetector() {}

  /** The season in windows, or 0 when the series has none. */
  static int season(double[] values, int maxSeason) {
    int n = values.length;
    if (n < 2 * MIN_SEASON + 2) {
      return 0;
    }
    double[] detrended = detrend(values);
    double variance = 0;
    for (double d : detrended) {
      variance += d * d;
    }
    if (variance == 0) {
      return 0;
    }
    int maxLag = Math.min(maxSeason, n / 2);
    double[] acf = new double[maxLag + 2];
    for (int lag = 1; lag <= maxLag + 1 && lag < n; lag++) {
      double sum = 0;
      for (int i = lag; i < n; i++) {
        sum += detrended[i] * detrended[i - lag];
      }
      // Per pair, so that long lags (fewer pairs) are not biased towards zero.
      acf[lag] = (sum / (n - lag)) / (variance / n);
    }
    int firstNegative = 1;
    while (firstNegative <= maxLag && acf[firstNegative] >= 0) {
      firstNegative++;
    }
    double highest = MIN_CORRELATION;
    int from = Math.max(MIN_SEASON, firstNegative);
    for (int lag = from; lag <= maxLag; lag++) {
      highest = Math.max(highest, acf[lag]);
    }
    // Multiples of the season peak about as high: the first peak near the highest is the season.
    int best = 0;
    for (int lag = from; lag <= maxLag && best == 0; lag++) {
      boolean peak = acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];
      if (peak && acf[lag] > MIN_CORRELATION && acf[lag] >= NEAR_HIGHEST * highest) {
        best = lag;
      }
    }
    return best;
  }

  /** The residuals of the least-squares line through the series. */
  private static double[] detrend(double[] values) {
    int n = values.length;
    double meanX = (n - 1) / 2.0;
    double meanY = 0;
    for (double v : values) {
      meanY += v;
    }
    meanY /= n;
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (i - meanX) * (values[i] - meanY);
      sxx += (i - meanX) * (i - meanX);
    }
    double slope = sxy / sxx;
    double[] residuals = new double[n];
    for (int i = 0; i < n; i++) {
      residuals[i] = values[i] - meanY - slope * (i - meanX);
    }
    return residuals;
  }
}
