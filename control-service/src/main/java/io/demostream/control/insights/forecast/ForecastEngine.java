package io.demostream.control.insights.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Answers forecasts and anomalies of a series and retrains its models: {@link ForecastService} in
 * Java on any warehouse (its models fitted by {@link LocalForecastEngine}), {@link
 * BigQueryForecastEngine} with BigQuery ML when the warehouse is BigQuery. Both answer the same
 * shapes, name themselves in {@code engine}, and throw {@link InsufficientHistoryException} with
 * the same minimum of windows.
 */
public interface ForecastEngine {

  /** How often {@link ForecastRetrainSchedule} calls {@link #retrainAll}. */
  Duration retrainInterval();

  /** The engine's clock's now: the default end of an anomalies range. */
  Instant now();

  /** The forecast {@code horizon} ahead of the history, with intervals at {@code confidence}. */
  ForecastAnswer forecast(SeriesKey key, Duration horizon, double confidence);

  /**
   * Every window of the history starting in {@code [from, to)}, flagged above {@code threshold}.
   */
  AnomaliesAnswer anomalies(SeriesKey key, Instant from, Instant to, double threshold);

  /**
   * Retrains every model trained so far, and the all-users one; a failure keeps the older model and
   * shows as its {@code error}.
   */
  List<ModelTraining> retrainAll();
}
