package io.demostream.control.insights.forecast;

import java.time.Instant;

/**
 * One training's outcome, as {@code POST /api/v1/insights/models/retrain} lists them.
 *
 * @param series the series whose model trained
 * @param engine the engine that trained it; null when it failed
 * @param trainedAt when it trained (or failed)
 * @param error why it failed; null when it succeeded
 */
public record ModelTraining(SeriesKey series, String engine, Instant trainedAt, String error) {}
