package io.demostream.control.insights.forecast;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters every {@link ForecastEngine} keeps: each training timed ({@code
 * demostream.insights.forecast.training}, by engine and outcome) and the last success's epoch
 * second ({@code demostream.insights.forecast.trained.at}).
 */
final class ForecastMetrics {

  private final MeterRegistry meters;
  private final AtomicLong lastTrainedAt = new AtomicLong();

  ForecastMetrics(MeterRegistry meters) {
    this.meters = meters;
    Gauge.builder("demostream.insights.forecast.trained.at", lastTrainedAt, AtomicLong::get)
        .description("Epoch second of the last successful model training")
        .register(meters);
  }

  /** A training begins. */
  Timer.Sample start() {
    return Timer.start(meters);
  }

  /** A training ended, successful or not. */
  void stop(Timer.Sample training, String engine, boolean success) {
    training.stop(
        meters.timer(
            "demostream.insights.forecast.training",
            "engine",
            engine,
            "outcome",
            success ? "success" : "failure"));
  }

  /** A model trained at {@code trainedAt} now answers. */
  void trained(Instant trainedAt) {
    lastTrainedAt.set(trainedAt.getEpochSecond());
  }

  /** A model trained earlier (by another replica, or before a restart) now answers. */
  void restored(Instant trainedAt) {
    lastTrainedAt.accumulateAndGet(trainedAt.getEpochSecond(), Math::max);
  }
}
