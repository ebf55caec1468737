package io.demostream.control.insights.forecast;

/**
 * Finds a series' season by autocorrelation of the linearly detrended and winsorised series: the
 * lag of the first autocorrelation peak near the highest one (and above {@link #MIN_CORRELATION})
 * after the autocorrelation first drops below zero (before that, every small lag of a smooth cycle
 * correlates), searched up to half the series so that at least two seasons back it.
 */
final class SeasonDetector {

  static final double MIN_CORRELATION = 0.3;
  static final int MIN_SEASON = 3;
  static final double NEAR_HIGHEST = 0.85;
  static final double CLIP = 3;
  static final double REFINE = 0.15;
  static final double HALF_AS_GOOD = 1.1;

  private SeasonDetector() {}

  /** The season in windows, or 0 when the series has none. */
  static int season(double[] values, int maxSeason) {
    int n = values.length;
    if (n < 2 * MIN_SEASON + 2) {
      return 0;
    }
    double[] detrended = winsorise(detrend(values));
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
    return best == 0 ? 0 : refine(detrended, best, maxLag);
  }

  /**
   * The lag near the autocorrelation's pick whose seasonal differences are smallest, or the one
   * near half of it when that does about as well (a season's multiples do as well as the season). A
   * smooth cycle's autocorrelation peak is broad, and a few unusual windows shift it by several
   * lags, while the differences at the true season are the noise alone.
   */
  private static int refine(double[] values, int picked, int maxLag) {
    Candidate near = closest(values, picked, maxLag);
    Candidate half = closest(values, picked / 2, maxLag);
    boolean halfDoes = half.lag() > 0 && half.score() <= HALF_AS_GOOD * near.score();
    return halfDoes ? half.lag() : near.lag();
  }

  private record Candidate(int lag, double score) {}

  /** The lag within {@link #REFINE} of {@code centre} with the least seasonal difference. */
  private static Candidate closest(double[] values, int centre, int maxLag) {
    int low = Math.max(MIN_SEASON, (int) Math.floor(centre * (1 - REFINE)));
    int high = Math.min(maxLag, (int) Math.ceil(centre * (1 + REFINE)));
    int best = 0;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int lag = low; lag <= high; lag++) {
      double score = seasonalDifference(values, lag);
      if (score < bestScore) {
        bestScore = score;
        best = lag;
      }
    }
    return new Candidate(best, bestScore);
  }

  /**
   * The mean absolute difference between windows {@code lag} apart, on the winsorised series (so
   * the mean is not led by a spike).
   */
  private static double seasonalDifference(double[] values, int lag) {
    double sum = 0;
    for (int i = lag; i < values.length; i++) {
      sum += Math.abs(values[i] - values[i - lag]);
    }
    return sum / (values.length - lag);
  }

  /**
   * Clipped to {@link #CLIP} robust deviations from their median: a spike of a few windows would
   * otherwise dominate the autocorrelation and make its distance to a cycle's peak the season.
   */
  private static double[] winsorise(double[] values) {
    double median = Robust.median(values);
    double[] deviations = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      deviations[i] = Math.abs(values[i] - median);
    }
    double bound = CLIP * Robust.MAD_TO_SIGMA * Robust.median(deviations);
    if (bound == 0) {
      return values;
    }
    double[] clipped = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      clipped[i] = Math.max(median - bound, Math.min(median + bound, values[i]));
    }
    return clipped;
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
