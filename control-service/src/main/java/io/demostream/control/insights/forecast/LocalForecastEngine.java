package io.demostream.control.insights.forecast;

import java.time.Duration;

/**
 * Chooses and fits the local model of a series: additive {@link HoltWinters} with the season {@link
 * SeasonDetector} finds when at least three seasons of history back it (level and trend only when
 * there is no season), {@link SeasonalNaive} when the history holds a season found but fewer than
 * three of them.
 */
final class LocalForecastEngine {

  /** The least history that gets a model at all. */
  static final int MIN_WINDOWS = 12;

  private static final int MIN_SEASONS_FOR_HOLT_WINTERS = 3;

  private final Duration maxSeason;

  LocalForecastEngine(Duration maxSeason) {
    this.maxSeason = maxSeason;
  }

  /**
   * @throws InsufficientHistoryException with fewer than {@link #MIN_WINDOWS} windows
   */
  Fitted fit(Series series) {
    if (series == null || series.size() < MIN_WINDOWS) {
      throw new InsufficientHistoryException(
          MIN_WINDOWS, series == null ? 0 : series.size(), series == null ? null : series.step());
    }
    int maxLag = (int) Math.max(1, maxSeason.toMillis() / series.step().toMillis());
    int season = SeasonDetector.season(series.values(), maxLag);
    if (season > 0 && series.size() < MIN_SEASONS_FOR_HOLT_WINTERS * season) {
      return new SeasonalNaive(series.values(), season);
    }
    return HoltWinters.fit(series.values(), season);
  }
}
