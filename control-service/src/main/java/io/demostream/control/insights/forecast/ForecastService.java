package io.demostream.control.insights.forecast;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The local {@link ForecastEngine}: forecasts and anomalies of a series computed in Java, from
 * models kept per {@link SeriesKey}: trained on first use, again when older than the retrain
 * interval or on {@link #retrainAll}. Trainings are measured by {@link ForecastMetrics}.
 */
public class ForecastService implements ForecastEngine {

  private static final NormalDistribution NORMAL = new NormalDistribution();

  private final SeriesReader reader;
  private final LocalForecastEngine engine;
  private final ForecastProperties properties;
  private final Clock clock;
  private final ForecastMetrics metrics;
  private final Map<SeriesKey, TrainedModel> models = new ConcurrentHashMap<>();

  ForecastService(
      SeriesReader reader, ForecastProperties properties, Clock clock, MeterRegistry meters) {
    this.reader = reader;
    this.engine = new LocalForecastEngine(properties.maxSeason());
    this.properties = properties;
    this.clock = clock;
    this.metrics = new ForecastMetrics(meters);
  }

  @Override
  public Duration retrainInterval() {
    return properties.retrainInterval();
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public ForecastAnswer forecast(SeriesKey key, Duration horizon, double confidence) {
    TrainedModel model = model(key);
    Series series = model.series();
    int steps = (int) Math.max(1, ceilDiv(horizon.toMillis(), series.step().toMillis()));
    double z = quantile(confidence);
    List<ForecastAnswer.Point> points = new ArrayList<>(steps);
    for (int h = 1; h <= steps; h++) {
      double value = model.fitted().forecast(h);
      double spread = z * model.fitted().sigmaAhead(h);
      points.add(
          new ForecastAnswer.Point(
              series.windowStart(series.size() - 1 + h),
              value,
              Math.max(0, value - spread),
              value + spread));
    }
    return new ForecastAnswer(
        model.fitted().engine(),
        model.trainedAt(),
        series.step(),
        model.fitted().season(),
        model.error(),
        points);
  }

  /** Every predicted window starting in {@code [from, to)}, flagged above {@code threshold}. */
  @Override
  public AnomaliesAnswer anomalies(SeriesKey key, Instant from, Instant to, double threshold) {
    TrainedModel model = model(key);
    Series series = model.series();
    Fitted fitted = model.fitted();
    double z = quantile(threshold);
    List<AnomaliesAnswer.Row> rows = new ArrayList<>();
    int first = Math.max(0, series.indexOf(from));
    for (int i = first; i < series.size(); i++) {
      Instant start = series.windowStart(i);
      if (!start.isBefore(to)) {
        break;
      }
      double predicted = fitted.fittedAt(i);
      if (Double.isNaN(predicted) || start.isBefore(from)) {
        continue;
      }
      double value = series.values()[i];
      double sigma = fitted.sigmaAt(i);
      double score = Math.abs(value - predicted) / sigma;
      double probability = 2 * NORMAL.cumulativeProbability(score) - 1;
      rows.add(
          new AnomaliesAnswer.Row(
              start,
              value,
              Math.max(0, predicted - z * sigma),
              predicted + z * sigma,
              probability,
              probability > threshold));
    }
    return new AnomaliesAnswer(fitted.engine(), model.trainedAt(), model.error(), rows);
  }

  @Override
  public List<ModelTraining> retrainAll() {
    // The all-users model first, then every other model trained so far.
    SeriesKey users = new SeriesKey(SeriesKey.USERS, null);
    List<SeriesKey> keys = new ArrayList<>(List.of(users));
    models.keySet().stream().filter(key -> !key.equals(users)).forEach(keys::add);
    List<ModelTraining> trainings = new ArrayList<>();
    for (SeriesKey key : keys) {
      try {
        TrainedModel model = train(key);
        trainings.add(new ModelTraining(key, model.fitted().engine(), model.trainedAt(), null));
      } catch (RuntimeException e) {
        trainings.add(new ModelTraining(key, null, clock.instant(), e.getMessage()));
      }
    }
    return trainings;
  }

  private TrainedModel model(SeriesKey key) {
    TrainedModel model = models.get(key);
    Instant now = clock.instant();
    if (model != null
        && Duration.between(model.trainedAt(), now).compareTo(properties.retrainInterval()) < 0) {
      return withNewWindows(key, model, now);
    }
    try {
      return train(key);
    } catch (InsufficientHistoryException e) {
      throw e;
    } catch (RuntimeException e) {
      if (model == null) {
        throw e;
      }
      return model.failed(e.getMessage());
    }
  }

  /**
   * The model over the series as it is now: windows that closed since the training are predicted by
   * the trained model ({@link Fitted#refilter}, no new fit), so they are judged at once rather than
   * at the next retrain.
   */
  private TrainedModel withNewWindows(SeriesKey key, TrainedModel model, Instant now) {
    Series current = reader.read(key, now.minus(properties.history()), now);
    Series trained = model.series();
    if (current == null
        || !current.step().equals(trained.step())
        || !current.windowStart(current.size()).isAfter(trained.windowStart(trained.size()))) {
      return model;
    }
    TrainedModel updated =
        new TrainedModel(
            current, model.fitted().refilter(current.values()), model.trainedAt(), model.error());
    models.put(key, updated);
    return updated;
  }

  private TrainedModel train(SeriesKey key) {
    Instant now = clock.instant();
    Timer.Sample sample = metrics.start();
    String engineName = "local";
    boolean success = false;
    try {
      Series series = reader.read(key, now.minus(properties.history()), now);
      Fitted fitted = engine.fit(series);
      engineName = fitted.engine();
      TrainedModel model = new TrainedModel(series, fitted, now, null);
      models.put(key, model);
      metrics.trained(now);
      success = true;
      return model;
    } catch (RuntimeException e) {
      TrainedModel older = models.get(key);
      if (older != null) {
        models.put(key, older.failed(e.getMessage()));
      }
      throw e;
    } finally {
      metrics.stop(sample, engineName, success);
    }
  }

  private static double quantile(double probability) {
    return NORMAL.inverseCumulativeProbability((1 + probability) / 2);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
