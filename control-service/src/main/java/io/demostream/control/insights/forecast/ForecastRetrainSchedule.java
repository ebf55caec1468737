package io.demostream.control.insights.forecast;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrains every model each {@link ForecastEngine#retrainInterval} (the local engine's {@code
 * demostream.insights.forecast.retrain-interval}, BigQuery ML's {@code
 * demostream.insights.forecast.bigquery.retrain-interval}) on its own thread; closed with the
 * context.
 */
final class ForecastRetrainSchedule implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ForecastRetrainSchedule.class);

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "forecast-retrain");
            thread.setDaemon(true);
            return thread;
          });

  ForecastRetrainSchedule(ForecastEngine forecasts) {
    long interval = forecasts.retrainInterval().toMillis();
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            forecasts.retrainAll().stream()
                .filter(t -> t.error() != null)
                .forEach(t -> log.info("Forecast retrain of {}: {}", t.series(), t.error()));
          } catch (RuntimeException e) {
            log.warn("Forecast retrain failed", e);
          }
        },
        interval,
        interval,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
