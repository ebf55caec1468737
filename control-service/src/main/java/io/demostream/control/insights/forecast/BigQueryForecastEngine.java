package io.demostream.control.insights.forecast;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import io.demostream.control.warehouse.BigQueryStatement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ForecastEngine} of a BigQuery warehouse: BigQuery ML {@code ARIMA_PLUS} models in the
 * dataset, one per series shape ({@link ForecastModel}), trained on the {@code latest_*} views
 * ({@link ForecastSql}); forecasts from {@code ML.FORECAST}, anomalies from {@code
 * ML.DETECT_ANOMALIES} over the training history and, in the same query, over the windows that
 * closed since (judged by the trained model, as the local engine judges them). A model trains on
 * its first request, unless {@code forecast_trainings} shows a training younger than the retrain
 * interval and the model is still there (a restart reuses it), then only on {@link #retrainAll}
 * (the schedule, or {@code POST /models/retrain}): a training takes tens of seconds and is billed,
 * so a request never waits for a retrain. Each training first counts the history's windows, so that
 * too little history is the same {@link InsufficientHistoryException} as locally without paying for
 * a training, then writes its forecast, its recent anomaly scores and itself to the {@code
 * forecast_*} tables for Tableau. Trainings are timed under the same metrics as the local engine's.
 * Public only for {@link #statements}, the list of its SQL that a test analyzes with ZetaSQL.
 */
public class BigQueryForecastEngine implements ForecastEngine {

  private static final Logger log = LoggerFactory.getLogger(BigQueryForecastEngine.class);

  private final Supplier<BigQuery> bigQuery;
  private final String dataset;
  private final ForecastProperties properties;
  private final BigQueryForecastProperties bigQueryProperties;
  private final Clock clock;
  private final ForecastMetrics metrics;
  private final Map<ForecastModel, TrainedModel> models = new ConcurrentHashMap<>();
  private final Map<ForecastModel, Object> trainingLocks = new ConcurrentHashMap<>();
  private final Set<SeriesKey> asked = ConcurrentHashMap.newKeySet();
  private volatile ForecastSql sql;

  /**
   * A trained model: when, on how many windows of which length up to which last window, and a later
   * training's error.
   */
  private record TrainedModel(
      Instant trainedAt, int windows, Duration frequency, Instant lastWindow, String error) {

    TrainedModel failed(String message) {
      return new TrainedModel(trainedAt, windows, frequency, lastWindow, message);
    }
  }

  /**
   * @param bigQuery the client, taken on first use
   * @param dataset the dataset holding the views, the models and the {@code forecast_*} tables
   */
  BigQueryForecastEngine(
      Supplier<BigQuery> bigQuery,
      String dataset,
      ForecastProperties properties,
      BigQueryForecastProperties bigQueryProperties,
      Clock clock,
      MeterRegistry meters) {
    this.bigQuery = bigQuery;
    this.dataset = dataset;
    this.properties = properties;
    this.bigQueryProperties = bigQueryProperties;
    this.clock = clock;
    this.metrics = new ForecastMetrics(meters);
  }

  @Override
  public Duration retrainInterval() {
    return bigQueryProperties.retrainInterval();
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public ForecastAnswer forecast(SeriesKey key, Duration horizon, double confidence) {
    ForecastModel model = ForecastModel.of(key);
    TrainedModel trained = model(key, model);
    long steps = -Math.floorDiv(-horizon.toMillis(), trained.frequency().toMillis());
    int points = (int) Math.min(Math.max(1, steps), bigQueryProperties.modelHorizon());
    Map<String, QueryParameterValue> parameters = new LinkedHashMap<>();
    parameters.put("horizon", QueryParameterValue.int64(points));
    parameters.put("confidence", QueryParameterValue.float64(confidence));
    parameters.putAll(ids(model, key));
    List<ForecastAnswer.Point> answer = new ArrayList<>();
    for (FieldValueList row : query(forecast(sql(), model), parameters)) {
      double value = row.get("forecast_value").getDoubleValue();
      answer.add(
          new ForecastAnswer.Point(
              row.get("forecast_timestamp").getTimestampInstant(),
              value,
              Math.max(0, row.get("prediction_interval_lower_bound").getDoubleValue()),
              row.get("prediction_interval_upper_bound").getDoubleValue()));
    }
    if (answer.isEmpty()) {
      // The model has no series of these ids: none of the history's windows had them.
      throw new InsufficientHistoryException(LocalForecastEngine.MIN_WINDOWS, 0, null);
    }
    // Retrained from now on; only series that answered, so that made-up countries add nothing.
    asked.add(key);
    return new ForecastAnswer(
        ForecastSql.ENGINE, trained.trainedAt(), trained.frequency(), 0, trained.error(), answer);
  }

  @Override
  public AnomaliesAnswer anomalies(SeriesKey key, Instant from, Instant to, double threshold) {
    ForecastModel model = ForecastModel.of(key);
    TrainedModel trained = model(key, model);
    Map<String, QueryParameterValue> parameters = new LinkedHashMap<>();
    parameters.put("threshold", QueryParameterValue.float64(threshold));
    parameters.put("from", timestamp(from));
    parameters.put("to", timestamp(to));
    parameters.put("trained_until", timestamp(trained.lastWindow()));
    parameters.put("step_seconds", QueryParameterValue.int64(trained.frequency().toSeconds()));
    parameters.putAll(ids(model, key));
    Map<Instant, AnomaliesAnswer.Row> rows = new LinkedHashMap<>();
    long trainedWindows = 0;
    for (FieldValueList row : query(anomalies(sql(), model), parameters)) {
      trainedWindows = row.get("trained_windows").getLongValue();
      FieldValue probability = row.get("anomaly_probability");
      if (row.get("window_start").isNull() || probability.isNull()) {
        // No window in the range, or one the model could not score (as the local engine skips
        // the first windows).
        continue;
      }
      Instant windowStart = row.get("window_start").getTimestampInstant();
      rows.putIfAbsent(
          windowStart,
          new AnomaliesAnswer.Row(
              windowStart,
              row.get("value").getDoubleValue(),
              Math.max(0, row.get("lower_bound").getDoubleValue()),
              row.get("upper_bound").getDoubleValue(),
              probability.getDoubleValue(),
              row.get("is_anomaly").getBooleanValue()));
    }
    if (trainedWindows == 0) {
      // The model has no series of these ids: none of the history's windows had them.
      throw new InsufficientHistoryException(LocalForecastEngine.MIN_WINDOWS, 0, null);
    }
    asked.add(key);
    return new AnomaliesAnswer(
        ForecastSql.ENGINE, trained.trainedAt(), trained.error(), List.copyOf(rows.values()));
  }

  @Override
  public List<ModelTraining> retrainAll() {
    Set<SeriesKey> keys = new LinkedHashSet<>();
    keys.add(new SeriesKey(SeriesKey.USERS, null));
    keys.addAll(asked);
    Map<ForecastModel, ModelTraining> byModel = new LinkedHashMap<>();
    List<ModelTraining> trainings = new ArrayList<>();
    for (SeriesKey key : keys) {
      ForecastModel model = ForecastModel.of(key);
      ModelTraining training =
          byModel.computeIfAbsent(
              model,
              m -> {
                try {
                  TrainedModel trained = trainAlone(m);
                  return new ModelTraining(
                      key, ForecastSql.ENGINE, trained.trainedAt(), trained.error());
                } catch (RuntimeException e) {
                  return new ModelTraining(key, null, clock.instant(), e.getMessage());
                }
              });
      trainings.add(
          new ModelTraining(key, training.engine(), training.trainedAt(), training.error()));
    }
    return trainings;
  }

  /**
   * Every statement this engine sends, rendered for a dataset with the default configuration: per
   * model, the history count, the training, the table writes, the forecast, the anomalies and the
   * read of its last training; and the trainings' row.
   */
  public static List<BigQueryStatement> statements(String project, String dataset) {
    ForecastSql sql = new ForecastSql(project, dataset);
    Duration history = Duration.ofDays(7);
    List<BigQueryStatement> statements = new ArrayList<>();
    for (ForecastModel model : ForecastModel.ALL) {
      statements.add(history(sql, model, history));
      statements.add(createModel(sql, model, history, 1440));
      statements.add(insertPoints(sql, model));
      statements.add(insertAnomalies(sql, model));
      statements.add(forecast(sql, model));
      statements.add(anomalies(sql, model));
      statements.add(lastTraining(sql, model));
    }
    statements.add(insertTraining(sql));
    return statements;
  }

  /**
   * The trained model of the key's series: on its first request, the model a training younger than
   * the retrain interval left in the dataset (before a restart), else one trained now.
   */
  private TrainedModel model(SeriesKey key, ForecastModel model) {
    TrainedModel trained = models.get(model);
    if (trained == null) {
      synchronized (lock(model)) {
        trained = models.get(model);
        if (trained == null) {
          trained = restore(model);
        }
        if (trained == null) {
          trained = train(model);
        }
      }
    }
    return trained;
  }

  /**
   * The model's last successful training from {@code forecast_trainings} if it is younger than the
   * retrain interval and the model is still in the dataset; null otherwise (or when that cannot be
   * read), and the model trains.
   */
  private TrainedModel restore(ForecastModel model) {
    Map<String, QueryParameterValue> parameters = new LinkedHashMap<>();
    parameters.put("model", QueryParameterValue.string(model.name()));
    parameters.put("since", timestamp(clock.instant().minus(retrainInterval())));
    FieldValueList row;
    try {
      var rows = query(lastTraining(sql(), model), parameters).iterator();
      if (!rows.hasNext()) {
        return null;
      }
      row = rows.next();
    } catch (BigQueryException e) {
      log.info("No earlier training of {} to reuse: {}", model.name(), e.getMessage());
      return null;
    }
    Instant trainedAt = row.get("trained_at").getTimestampInstant();
    TrainedModel restored =
        new TrainedModel(
            trainedAt,
            (int) row.get("windows").getLongValue(),
            Duration.ofSeconds(row.get("frequency_seconds").getLongValue()),
            row.get("last_window").getTimestampInstant(),
            null);
    models.put(model, restored);
    metrics.restored(trainedAt);
    log.info("Reusing {} trained at {}", model.name(), trainedAt);
    return restored;
  }

  /** Trains the model, never while a request or the schedule trains it too. */
  private TrainedModel trainAlone(ForecastModel model) {
    synchronized (lock(model)) {
      return train(model);
    }
  }

  private Object lock(ForecastModel model) {
    return trainingLocks.computeIfAbsent(model, m -> new Object());
  }

  private TrainedModel train(ForecastModel model) {
    Instant trainedAt = clock.instant();
    long started = System.nanoTime();
    Timer.Sample sample = metrics.start();
    TrainedModel trained = null;
    try {
      trained = fit(model, trainedAt);
      models.put(model, trained);
      metrics.trained(trainedAt);
    } catch (RuntimeException e) {
      models.computeIfPresent(model, (m, older) -> older.failed(e.getMessage()));
      Integer windows =
          e instanceof InsufficientHistoryException tooShort ? tooShort.available() : null;
      recordTraining(model, trainedAt, windows, null, started, e.getMessage());
      throw e;
    } finally {
      metrics.stop(sample, ForecastSql.ENGINE, trained != null);
    }
    String error = null;
    try {
      writeTables(sql(), model, trainedAt, trained.frequency());
    } catch (RuntimeException e) {
      // The model is trained and answers; the error shows until the next training.
      error = "forecast tables not written: " + e.getMessage();
      trained = trained.failed(error);
      models.put(model, trained);
    }
    recordTraining(model, trainedAt, trained.windows(), trained.frequency(), started, error);
    return trained;
  }

  /**
   * Counts the history's windows, then trains the model on them.
   *
   * @throws InsufficientHistoryException with fewer than the local engine's minimum, or when
   *     BigQuery ML finds the series too short
   */
  private TrainedModel fit(ForecastModel model, Instant trainedAt) {
    ForecastSql statements = sql();
    FieldValueList counted =
        query(history(statements, model, properties.history()), Map.of()).iterator().next();
    int windows = (int) counted.get("windows").getLongValue();
    Duration frequency =
        windows < 2
            ? null
            : Duration.ofSeconds(counted.get("span_seconds").getLongValue() / (windows - 1));
    if (windows < LocalForecastEngine.MIN_WINDOWS) {
      throw new InsufficientHistoryException(LocalForecastEngine.MIN_WINDOWS, windows, frequency);
    }
    try {
      query(
          createModel(statements, model, properties.history(), bigQueryProperties.modelHorizon()),
          Map.of());
    } catch (BigQueryException e) {
      if (tooLittleHistory(e)) {
        throw new InsufficientHistoryException(LocalForecastEngine.MIN_WINDOWS, windows, frequency);
      }
      throw e;
    }
    return new TrainedModel(
        trainedAt, windows, frequency, counted.get("last_window").getTimestampInstant(), null);
  }

  /** The training's forecast and recent anomaly scores, for Tableau. */
  private void writeTables(
      ForecastSql statements, ForecastModel model, Instant trainedAt, Duration frequency) {
    long points =
        Math.min(
            Math.max(
                1,
                -Math.floorDiv(
                    -bigQueryProperties.tableHorizon().toMillis(), frequency.toMillis())),
            bigQueryProperties.modelHorizon());
    Map<String, QueryParameterValue> forecast = new LinkedHashMap<>();
    forecast.put("trained_at", timestamp(trainedAt));
    forecast.put("model", QueryParameterValue.string(model.name()));
    forecast.put("metric", QueryParameterValue.string(SeriesKey.USERS));
    forecast.put("horizon", QueryParameterValue.int64(points));
    forecast.put("confidence", QueryParameterValue.float64(bigQueryProperties.tableConfidence()));
    query(insertPoints(statements, model), forecast);
    Map<String, QueryParameterValue> anomalies = new LinkedHashMap<>();
    anomalies.put("trained_at", timestamp(trainedAt));
    anomalies.put("since", timestamp(trainedAt.minus(bigQueryProperties.tableAnomalies())));
    anomalies.put("model", QueryParameterValue.string(model.name()));
    anomalies.put("metric", QueryParameterValue.string(SeriesKey.USERS));
    anomalies.put("threshold", QueryParameterValue.float64(bigQueryProperties.tableThreshold()));
    query(insertAnomalies(statements, model), anomalies);
  }

  /** The training's row in {@code forecast_trainings}; a failure to write it is only logged. */
  private void recordTraining(
      ForecastModel model,
      Instant trainedAt,
      Integer windows,
      Duration frequency,
      long started,
      String error) {
    Map<String, QueryParameterValue> row = new LinkedHashMap<>();
    row.put("trained_at", timestamp(trainedAt));
    row.put("model", QueryParameterValue.string(model.name()));
    row.put("metric", QueryParameterValue.string(SeriesKey.USERS));
    row.put("engine", QueryParameterValue.string(ForecastSql.ENGINE));
    row.put("windows", QueryParameterValue.int64(windows == null ? null : windows.longValue()));
    row.put(
        "frequency_seconds",
        QueryParameterValue.int64(frequency == null ? null : frequency.toSeconds()));
    row.put(
        "duration_ms",
        QueryParameterValue.int64(Duration.ofNanos(System.nanoTime() - started).toMillis()));
    row.put("error", QueryParameterValue.string(error));
    try {
      query(insertTraining(sql()), row);
    } catch (RuntimeException e) {
      log.warn("Could not record the training of {}: {}", model.name(), e.getMessage());
    }
  }

  /** Whether BigQuery ML refused the training for too short a series. */
  static boolean tooLittleHistory(BigQueryException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    return message.contains("enough")
        || message.contains("too short")
        || message.contains("too few")
        || message.contains("insufficient");
  }

  private static Map<String, QueryParameterValue> ids(ForecastModel model, SeriesKey key) {
    Map<String, QueryParameterValue> ids = new LinkedHashMap<>();
    if (model.has(ForecastModel.COUNTRY)) {
      ids.put(ForecastModel.COUNTRY, QueryParameterValue.string(key.country()));
    }
    if (model.has(ForecastModel.GENDER)) {
      ids.put(ForecastModel.GENDER, QueryParameterValue.string(key.gender()));
    }
    return ids;
  }

  private Iterable<FieldValueList> query(
      BigQueryStatement statement, Map<String, QueryParameterValue> parameters) {
    TableResult result;
    try {
      result = bigQuery.get().query(statement.query(parameters));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying BigQuery", e);
    }
    return result.iterateAll();
  }

  private ForecastSql sql() {
    ForecastSql current = sql;
    if (current == null) {
      current = new ForecastSql(bigQuery.get().getOptions().getProjectId(), dataset);
      sql = current;
    }
    return current;
  }

  private static BigQueryStatement history(ForecastSql sql, ForecastModel model, Duration span) {
    return BigQueryStatement.of("forecast history of " + model.name(), sql.history(model, span));
  }

  private static BigQueryStatement createModel(
      ForecastSql sql, ForecastModel model, Duration span, int horizon) {
    return BigQueryStatement.of(
        "forecast training of " + model.name(), sql.createModel(model, span, horizon));
  }

  private static BigQueryStatement insertPoints(ForecastSql sql, ForecastModel model) {
    return BigQueryStatement.named(
        "forecast points of " + model.name(),
        sql.insertPoints(model),
        Map.of(
            "trained_at", StandardSQLTypeName.TIMESTAMP,
            "model", StandardSQLTypeName.STRING,
            "metric", StandardSQLTypeName.STRING,
            "horizon", StandardSQLTypeName.INT64,
            "confidence", StandardSQLTypeName.FLOAT64));
  }

  private static BigQueryStatement insertAnomalies(ForecastSql sql, ForecastModel model) {
    return BigQueryStatement.named(
        "forecast anomalies of " + model.name(),
        sql.insertAnomalies(model),
        Map.of(
            "trained_at", StandardSQLTypeName.TIMESTAMP,
            "since", StandardSQLTypeName.TIMESTAMP,
            "model", StandardSQLTypeName.STRING,
            "metric", StandardSQLTypeName.STRING,
            "threshold", StandardSQLTypeName.FLOAT64));
  }

  private static BigQueryStatement insertTraining(ForecastSql sql) {
    return BigQueryStatement.named(
        "forecast training row",
        sql.insertTraining(),
        Map.of(
            "trained_at", StandardSQLTypeName.TIMESTAMP,
            "model", StandardSQLTypeName.STRING,
            "metric", StandardSQLTypeName.STRING,
            "engine", StandardSQLTypeName.STRING,
            "windows", StandardSQLTypeName.INT64,
            "frequency_seconds", StandardSQLTypeName.INT64,
            "duration_ms", StandardSQLTypeName.INT64,
            "error", StandardSQLTypeName.STRING));
  }

  private static BigQueryStatement forecast(ForecastSql sql, ForecastModel model) {
    Map<String, StandardSQLTypeName> parameters = new LinkedHashMap<>();
    parameters.put("horizon", StandardSQLTypeName.INT64);
    parameters.put("confidence", StandardSQLTypeName.FLOAT64);
    model.idColumns().forEach(id -> parameters.put(id, StandardSQLTypeName.STRING));
    return BigQueryStatement.named("forecast of " + model.name(), sql.forecast(model), parameters);
  }

  private static BigQueryStatement anomalies(ForecastSql sql, ForecastModel model) {
    Map<String, StandardSQLTypeName> parameters = new LinkedHashMap<>();
    parameters.put("threshold", StandardSQLTypeName.FLOAT64);
    parameters.put("from", StandardSQLTypeName.TIMESTAMP);
    parameters.put("to", StandardSQLTypeName.TIMESTAMP);
    parameters.put("trained_until", StandardSQLTypeName.TIMESTAMP);
    parameters.put("step_seconds", StandardSQLTypeName.INT64);
    model.idColumns().forEach(id -> parameters.put(id, StandardSQLTypeName.STRING));
    return BigQueryStatement.named(
        "forecast anomalies read of " + model.name(), sql.anomalies(model), parameters);
  }

  private static BigQueryStatement lastTraining(ForecastSql sql, ForecastModel model) {
    return BigQueryStatement.named(
        "forecast last training of " + model.name(),
        sql.lastTraining(model),
        Map.of("model", StandardSQLTypeName.STRING, "since", StandardSQLTypeName.TIMESTAMP));
  }

  private static QueryParameterValue timestamp(Instant instant) {
    return QueryParameterValue.timestamp(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
  }
}
