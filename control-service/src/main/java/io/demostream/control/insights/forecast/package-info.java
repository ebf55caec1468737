/**
 * Forecasts and anomalies of the insights' series ({@code GET /api/v1/insights/forecast}, {@code
 * /anomalies}, {@code POST /models/retrain}): {@link
 * io.demostream.control.insights.forecast.SeriesReader} turns the warehouse's latest panes into a
 * regular series (missing windows as 0), {@link
 * io.demostream.control.insights.forecast.LocalForecastEngine} trains additive Holt-Winters with
 * the season found by autocorrelation ({@link
 * io.demostream.control.insights.forecast.SeasonDetector}), or seasonal-naive on short history, and
 * flags anomalies by a robust z-score of the residuals reported as a probability; {@link
 * io.demostream.control.insights.forecast.ForecastService} keeps the trained models, retrains them
 * on a schedule and records the last training in metrics.
 */
package io.demostream.control.insights.forecast;
