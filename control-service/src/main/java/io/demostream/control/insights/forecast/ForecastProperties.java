package io.demostream.control.insights.forecast;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Forecasts and anomalies ({@code demostream.insights.forecast.*}).
 *
 * @param history how far back a model trains (the latest windows of this span)
 * @param maxSeason the longest season the detector looks for
 * @param retrainInterval how often every model of the local engine trained so far retrains; a model
 *     older than this is also retrained on its next request (BigQuery ML has its own, {@link
 *     BigQueryForecastProperties#retrainInterval})
 * @param maxHorizon the longest forecast horizon a request may ask for
 */
@Validated
@ConfigurationProperties("demostream.insights.forecast")
public record ForecastProperties(
    @NotNull @DefaultValue("7d") Duration history,
    @NotNull @DefaultValue("1d") Duration maxSeason,
    @NotNull @DefaultValue("15m") Duration retrainInterval,
    @NotNull @DefaultValue("7d") Duration maxHorizon) {}
