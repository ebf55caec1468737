package io.demostream.control.insights.forecast;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * BigQuery ML forecasts ({@code demostream.insights.forecast.bigquery.*}), used when the warehouse
 * is BigQuery.
 *
 * @param modelHorizon the ARIMA_PLUS {@code horizon} option: the most windows a model forecasts
 *     (BigQuery ML allows up to 10000); a request beyond it gets this many points
 * @param tableHorizon how far ahead each training writes its forecast to {@code forecast_points}
 * @param tableConfidence the confidence of the intervals written to {@code forecast_points}
 * @param tableThreshold the anomaly threshold written to {@code forecast_anomalies}
 * @param tableAnomalies how far back each training writes its scored windows to {@code
 *     forecast_anomalies} (at least the retrain interval, so that consecutive trainings cover every
 *     window)
 * @param retrainInterval how often the schedule retrains every model asked for (each training is
 *     billed and takes tens of seconds, so less often than the local engine's {@code
 *     demostream.insights.forecast.retrain-interval}); after a restart a model younger than this is
 *     reused, not trained again
 */
@Validated
@ConfigurationProperties("demostream.insights.forecast.bigquery")
public record BigQueryForecastProperties(
    @Min(1) @Max(10_000) @DefaultValue("1440") int modelHorizon,
    @NotNull @DefaultValue("1h") Duration tableHorizon,
    @DecimalMin("0.01") @DecimalMax("0.99") @DefaultValue("0.9") double tableConfidence,
    @DecimalMin("0.01") @DecimalMax("0.999") @DefaultValue("0.99") double tableThreshold,
    @NotNull @DefaultValue("1h") Duration tableAnomalies,
    @NotNull @DefaultValue("1h") Duration retrainInterval) {}
