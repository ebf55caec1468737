package io.demostream.control.insights.forecast;

/**
 * Seasonal-naive: each window is predicted by the one a season earlier (the previous window when
 * there is no season). The model of short histories, where Holt-Winters has too little to fit.
 */
final class SeasonalNaive implements Fitted {

  private final double[] y;
  private final int lag;
  private final int season;
  private final CountSpread spread;

  SeasonalNaive(double[] y, int season) {
    this.y = y;
    this.season = season;
    this.lag = Math.max(1, season);
    double[] predicted = new double[y.length];
    for (int t = 0; t < y.length; t++) {
      predicted[t] = fittedAt(t);
    }
    this.spread = CountSpread.fit(y, predicted, 0, HoltWinters.floor(y));
  }

  @Override
  public SeasonalNaive refilter(double[] values) {
    return new SeasonalNaive(values, season);
  }

  @Override
  public String engine() {
    return "local-seasonal-naive";
  }

  @Override
  public int season() {
    return season;
  }

  @Override
  public double fittedAt(int index) {
    return index < lag ? Double.NaN : y[index - lag];
  }

  @Override
  public double sigmaAt(int index) {
    return spread.at(Math.max(0, fittedAt(index)));
  }

  @Override
  public double forecast(int h) {
    return y[y.length - lag + Math.floorMod(h - 1, lag)];
  }

  @Override
  public double sigmaAhead(int h) {
    return spread.at(Math.max(0, forecast(h))) * Math.sqrt((h - 1) / lag + 1);
  }
}
