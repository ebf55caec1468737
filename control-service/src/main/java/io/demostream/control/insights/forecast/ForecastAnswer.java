package io.demostream.control.insights.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/insights/forecast}.
 *
 * @param engine {@code local-holt-winters}, {@code local-seasonal-naive}
 * @param trainedAt when the model was trained
 * @param frequency the windows' length
 * @param season the season found, in windows (0: none)
 * @param error the last training's error when it failed and an older model answers; null otherwise
 * @param points one per window after the history, up to the horizon
 */
public record ForecastAnswer(
    String engine,
    Instant trainedAt,
    Duration frequency,
    int season,
    String error,
    List<Point> points) {

  /** A forecast window with its interval at the requested confidence. */
  public record Point(Instant windowStart, double value, double lower, double upper) {}
}
