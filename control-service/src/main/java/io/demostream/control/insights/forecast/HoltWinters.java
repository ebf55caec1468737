package io.demostream.control.insights.forecast;

/**
 * Additive Holt-Winters (level, trend, season of {@code season} windows; 0 for none), its smoothing
 * constants chosen on a small grid by the least absolute one-step error. The final pass is robust:
 * an observation further than {@link #CLIP} sigmas (at its predicted level, {@link CountSpread})
 * from its prediction updates the state as if it were at that bound, so a spike is flagged without
 * dragging the level and season after it.
 */
final class HoltWinters implements Fitted {

  static final double CLIP = 3;
  private static final int MAX_INITIAL_SEASONS = 5;
  private static final double[] ALPHAS = {0.05, 0.1, 0.2, 0.3, 0.5, 0.7};
  private static final double[] BETAS = {0, 0.01, 0.05};
  private static final double[] GAMMAS = {0.01, 0.05, 0.1, 0.2};

  private final int season;
  private final double alpha;
  private final double beta;
  private final double gamma;
  private final double[] fitted;
  private final CountSpread spread;
  private double level;
  private double trend;
  private final double[] seasonal;
  private final int n;

  private HoltWinters(double[] y, int season, double alpha, double beta, double gamma) {
    this.season = season;
    this.alpha = alpha;
    this.beta = beta;
    this.gamma = gamma;
    this.n = y.length;
    this.seasonal = new double[Math.max(1, season)];
    double[] firstPass = new double[n];
    int unseen = run(y, firstPass, null);
    this.fitted = new double[n];
    run(y, fitted, CountSpread.fit(y, firstPass, unseen, floor(y)));
    this.spread = CountSpread.fit(y, fitted, unseen, floor(y));
  }

  /** The best fit on the grid; {@code season} 0 fits level and trend only. */
  static HoltWinters fit(double[] y, int season) {
    double bestError = Double.POSITIVE_INFINITY;
    double[] best = {ALPHAS[0], BETAS[0], GAMMAS[0]};
    double[] scratch = new double[y.length];
    double[] gammas = season == 0 ? new double[] {0} : GAMMAS;
    for (double a : ALPHAS) {
      for (double b : BETAS) {
        for (double g : gammas) {
          double error = absoluteError(y, season, a, b, g, scratch);
          if (error < bestError) {
            bestError = error;
            best = new double[] {a, b, g};
          }
        }
      }
    }
    return new HoltWinters(y, season, best[0], best[1], best[2]);
  }

  private static double absoluteError(
      double[] y, int season, double a, double b, double g, double[] scratch) {
    HoltWintersState state = new HoltWintersState(y, season);
    double error = 0;
    for (int t = state.firstPredicted; t < y.length; t++) {
      double prediction = state.predict(t);
      error += Math.abs(y[t] - prediction);
      state.update(t, y[t], a, b, g);
    }
    return error;
  }

  /** One pass; with a {@code clipping} spread, observations beyond CLIP of it are clipped. */
  private int run(double[] y, double[] out, CountSpread clipping) {
    HoltWintersState state = new HoltWintersState(y, season);
    java.util.Arrays.fill(out, Double.NaN);
    for (int t = state.firstPredicted; t < y.length; t++) {
      double prediction = state.predict(t);
      out[t] = prediction;
      double clip =
          clipping == null ? Double.POSITIVE_INFINITY : CLIP * clipping.at(Math.max(0, prediction));
      double observed = Math.max(prediction - clip, Math.min(prediction + clip, y[t]));
      state.update(t, observed, alpha, beta, gamma);
    }
    level = state.level;
    trend = state.trend;
    System.arraycopy(state.seasonal, 0, seasonal, 0, seasonal.length);
    return state.firstUnseen;
  }

  /** A spread floor: 1% of the mean level, at least 0.5 users. */
  static double floor(double[] y) {
    double sum = 0;
    for (double v : y) {
      sum += Math.abs(v);
    }
    return Math.max(0.5, 0.01 * sum / Math.max(1, y.length));
  }

  @Override
  public HoltWinters refilter(double[] values) {
    if (season > 0 && values.length < season) {
      return fit(values, 0);
    }
    return new HoltWinters(values, season, alpha, beta, gamma);
  }

  @Override
  public String engine() {
    return "local-holt-winters";
  }

  @Override
  public int season() {
    return season;
  }

  @Override
  public double fittedAt(int index) {
    return fitted[index];
  }

  @Override
  public double sigmaAt(int index) {
    return spread.at(Math.max(0, fitted[index]));
  }

  @Override
  public double forecast(int h) {
    double seasonalPart = season == 0 ? 0 : seasonal[Math.floorMod(n + h - 1, season)];
    return level + h * trend + seasonalPart;
  }

  @Override
  public double sigmaAhead(int h) {
    double sum = 1;
    for (int j = 1; j < h; j++) {
      double c = alpha * (1 + j * beta) + (season > 0 && j % season == 0 ? gamma : 0);
      sum += c * c;
    }
    return spread.at(Math.max(0, forecast(h))) * Math.sqrt(sum);
  }

  /** Level, trend and season while running through a series; season index {@code t mod m}. */
  private static final class HoltWintersState {
    final int season;
    final double[] seasonal;
    final int firstPredicted;

    /** The first window the start did not see: past the seasons it took medians over. */
    final int firstUnseen;

    double level;
    double trend;

    HoltWintersState(double[] y, int season) {
      this.season = season;
      this.seasonal = new double[Math.max(1, season)];
      int m = Math.max(1, season);
      double first = mean(y, 0, Math.min(m, y.length));
      if (season == 0) {
        // Level at the first window, no trend yet: the second window is predicted as the first.
        level = y[0];
        trend = 0;
        firstPredicted = 1;
        firstUnseen = 1;
        return;
      }
      // Robust start: each season's median, and each phase's median offset from its season's
      // median over up to MAX_INITIAL_SEASONS seasons, so that an event in the first season is
      // neither baked into the season nor left unjudged.
      int seasons = Math.max(1, Math.min(MAX_INITIAL_SEASONS, y.length / m));
      firstUnseen = seasons * m;
      double[] medians = new double[seasons];
      for (int k = 0; k < seasons; k++) {
        medians[k] = median(y, k * m, (k + 1) * m);
      }
      first = medians[0];
      trend = seasons >= 2 ? (medians[1] - medians[0]) / m : 0;
      double[] offsets = new double[seasons];
      for (int i = 0; i < m; i++) {
        for (int k = 0; k < seasons; k++) {
          offsets[k] = y[k * m + i] - medians[k];
        }
        seasonal[i] = median(offsets, 0, seasons);
      }
      // The level just before the first window, so that the first season is predicted too.
      level = first - trend * (m + 1) / 2.0;
      firstPredicted = 0;
    }

    private static double median(double[] values, int from, int to) {
      double[] sorted = java.util.Arrays.copyOfRange(values, from, to);
      java.util.Arrays.sort(sorted);
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    double predict(int t) {
      return level + trend + (season == 0 ? 0 : seasonal[t % season]);
    }

    void update(int t, double y, double a, double b, double g) {
      double s = season == 0 ? 0 : seasonal[t % season];
      double previous = level;
      level = a * (y - s) + (1 - a) * (level + trend);
      trend = b * (level - previous) + (1 - b) * trend;
      if (season > 0) {
        seasonal[t % season] = g * (y - level) + (1 - g) * s;
      }
    }

    private static double mean(double[] y, int from, int to) {
      double sum = 0;
      for (int i = from; i < to; i++) {
        sum += y[i];
      }
      return to > from ? sum / (to - from) : 0;
    }
  }
}
