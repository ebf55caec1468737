package io.demostream.control.alerts.evaluation;

import io.demostream.control.alerts.engine.Expectations;
import io.demostream.control.alerts.engine.Measurements;
import io.demostream.control.alerts.rules.AlertRule;
import io.demostream.control.insights.forecast.AnomaliesAnswer;
import io.demostream.control.insights.forecast.ForecastAnswer;
import io.demostream.control.insights.forecast.ForecastEngine;
import io.demostream.control.insights.forecast.SeriesKey;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@code anomaly} rule's expectations from the forecast engine the insights API answers with, so
 * a rule fires on exactly the windows {@code GET /api/v1/insights/anomalies} flags. A pane may come
 * before its window is in the warehouse: then the window is the forecast's next, and its interval
 * is the forecast's at the rule's probability (the same interval, from the same model).
 */
public final class ForecastExpectations {

  private static final Logger log = LoggerFactory.getLogger(ForecastExpectations.class);

  /** How far ahead a pane's window may lie past the warehouse's newest one. */
  static final Duration AHEAD = Duration.ofHours(1);

  private final ForecastEngine forecasts;

  public ForecastExpectations(ForecastEngine forecasts) {
    this.forecasts = forecasts;
  }

  /** The expectations of one rule's series: its filter, or the country of a grouped series. */
  public Expectations of(AlertRule rule) {
    return (seriesKey, windowStart, probability) -> {
      SeriesKey key = seriesOf(rule, seriesKey);
      try {
        AnomaliesAnswer judged =
            forecasts.anomalies(key, windowStart, windowStart.plusMillis(1), probability);
        for (AnomaliesAnswer.Row row : judged.rows()) {
          if (row.windowStart().equals(windowStart)) {
            return new Expectations.Interval(row.lower(), row.upper());
          }
        }
        ForecastAnswer ahead = forecasts.forecast(key, AHEAD, probability);
        for (ForecastAnswer.Point point : ahead.points()) {
          if (point.windowStart().equals(windowStart)) {
            return new Expectations.Interval(point.lower(), point.upper());
          }
        }
        return null;
      } catch (RuntimeException e) {
        // Too little history, or the engine failed: the window is not judged, the next may be.
        log.debug("No forecast for rule {} series {}: {}", rule.name(), seriesKey, e.toString());
        return null;
      }
    };
  }

  static SeriesKey seriesOf(AlertRule rule, String seriesKey) {
    String prefix = Measurements.countryKey("");
    String country =
        seriesKey.startsWith(prefix)
            ? seriesKey.substring(prefix.length())
            : rule.filter() == null ? null : rule.filter().country();
    String gender = rule.filter() == null ? null : rule.filter().gender();
    return new SeriesKey(SeriesKey.USERS, gender, country);
  }
}
