package io.demostream.control.insights.forecast;

import static io.demostream.events.warehouse.WarehouseTables.WINDOW_END;
import static io.demostream.events.warehouse.WarehouseTables.WINDOW_START;

import io.demostream.events.warehouse.ForecastTables;
import io.demostream.events.warehouse.TilingWindows;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseViews;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The BigQuery ML statements of {@link BigQueryForecastEngine}, for one dataset. A model trains on
 * the tiling windows of the {@code latest_*} views (the latest pane of each window) that started
 * within the history and have closed, on a regular grid of the windows' most common length with
 * every missing window of every series as 0 ({@code GENERATE_TIMESTAMP_ARRAY}), the same series
 * {@link SeriesReader} builds locally; ARIMA_PLUS's own interpolation would draw a line through a
 * silent window instead of counting it as the 0 users it had.
 *
 * <p>{@code CREATE MODEL} takes no query parameters: its options and the history are integer
 * literals from the configuration (never a request's value). The other statements bind everything a
 * request or a training varies as named parameters.
 */
final class ForecastSql {

  static final String ENGINE = "bigquery-ml-arima-plus";
  static final String VALUE = "value";

  private final String project;
  private final String dataset;

  ForecastSql(String project, String dataset) {
    this.project = project;
    this.dataset = dataset;
  }

  /** {@code `project.dataset.relation`}. */
  String reference(String relation) {
    return "`" + project + "." + dataset + "." + relation + "`";
  }

  /**
   * The model's training rows: window_start, the id columns, value (FLOAT64), one row per window of
   * the grid and series.
   */
  String trainingRows(ForecastModel model, Duration history) {
    String ids = idList(model, "");
    String observed = observed(model, history);
    StringBuilder sql =
        new StringBuilder("WITH observed AS (")
            .append(observed)
            .append("), step AS (SELECT TIMESTAMP_DIFF(")
            .append(WINDOW_END)
            .append(", ")
            .append(WINDOW_START)
            .append(", SECOND) AS seconds FROM observed GROUP BY seconds")
            .append(" ORDER BY COUNT(*) DESC, seconds LIMIT 1)")
            .append(", regular AS (SELECT observed.* FROM observed JOIN step ON TIMESTAMP_DIFF(")
            .append("observed.")
            .append(WINDOW_END)
            .append(", observed.")
            .append(WINDOW_START)
            .append(", SECOND) = step.seconds)")
            .append(", grid AS (SELECT slot AS ")
            .append(WINDOW_START)
            .append(" FROM step, UNNEST(GENERATE_TIMESTAMP_ARRAY((SELECT MIN(")
            .append(WINDOW_START)
            .append(") FROM regular), (SELECT MAX(")
            .append(WINDOW_START)
            .append(") FROM regular), INTERVAL step.seconds SECOND)) AS slot)");
    if (!model.idColumns().isEmpty()) {
      sql.append(", series AS (SELECT DISTINCT ").append(ids).append(" FROM regular)");
    }
    return zeroFilled(sql, model);
  }

  /**
   * Columns: windows (per series, of the grid), span_seconds (first to last window start),
   * last_window (the last window start, TIMESTAMP). No parameters.
   */
  String history(ForecastModel model, Duration history) {
    return "SELECT COUNT(DISTINCT "
        + WINDOW_START
        + ") AS windows, TIMESTAMP_DIFF(MAX("
        + WINDOW_START
        + "), MIN("
        + WINDOW_START
        + "), SECOND) AS span_seconds, MAX("
        + WINDOW_START
        + ") AS last_window FROM ("
        + trainingRows(model, history)
        + ")";
  }

  /**
   * The model's last successful training, if it is younger than {@code @since}, and the last window
   * it trained on (read from the model, so a model that no longer exists fails the query). Columns:
   * trained_at, last_window (TIMESTAMP), windows, frequency_seconds (INT64); no row when there is
   * no such training. Parameters: model (STRING), since (TIMESTAMP).
   */
  String lastTraining(ForecastModel model) {
    return "SELECT training.trained_at, training.windows, training.frequency_seconds,"
        + " trained.last_window FROM (SELECT trained_at, windows, frequency_seconds FROM "
        + reference(ForecastTables.FORECAST_TRAININGS.name())
        + " WHERE model = @model AND trained_at >= @since AND frequency_seconds IS NOT NULL"
        + " ORDER BY trained_at DESC LIMIT 1) AS training CROSS JOIN (SELECT MAX("
        + WINDOW_START
        + ") AS last_window FROM "
        + mlDetectAnomalies(model, "0.5", null)
        + ") AS trained";
  }

  /** {@code CREATE OR REPLACE MODEL} of ARIMA_PLUS on the training rows. No parameters. */
  String createModel(ForecastModel model, Duration history, int horizon) {
    String ids =
        switch (model.idColumns().size()) {
          case 0 -> "";
          case 1 -> ", time_series_id_col = '" + model.idColumns().get(0) + "'";
          default ->
              ", time_series_id_col = ["
                  + model.idColumns().stream()
                      .map(id -> "'" + id + "'")
                      .collect(Collectors.joining(", "))
                  + "]";
        };
    return "CREATE OR REPLACE MODEL "
        + reference(model.name())
        + " OPTIONS (model_type = 'ARIMA_PLUS', time_series_timestamp_col = '"
        + WINDOW_START
        + "', time_series_data_col = '"
        + VALUE
        + "'"
        + ids
        + ", data_frequency = 'AUTO_FREQUENCY', horizon = "
        + horizon
        + ", auto_arima = TRUE, decompose_time_series = TRUE, clean_spikes_and_dips = TRUE,"
        + " adjust_step_changes = TRUE) AS "
        + trainingRows(model, history);
  }

  /**
   * Columns: forecast_timestamp, forecast_value, prediction_interval_lower_bound,
   * prediction_interval_upper_bound, oldest first. Parameters: horizon (INT64), confidence
   * (FLOAT64), and each of the model's id columns (STRING).
   */
  String forecast(ForecastModel model) {
    return "SELECT forecast_timestamp, forecast_value, prediction_interval_lower_bound,"
        + " prediction_interval_upper_bound FROM "
        + mlForecast(model)
        + idFilter(model, " WHERE ")
        + " ORDER BY forecast_timestamp";
  }

  /**
   * The series' scored windows starting in {@code [@from, @to)}: those of the training history
   * ({@code ML.DETECT_ANOMALIES} of the model alone) and those that closed after the training's
   * last window, judged by the trained model ({@code ML.DETECT_ANOMALIES} of the model on {@link
   * #recentRows}), in one query. {@code trained_windows}, the series' windows in the model, is on
   * every row, and the answer has one row (window columns null) when no window is in the range, so
   * that a series the model does not have (0) is told from an empty range.
   *
   * <p>Columns: trained_windows (INT64), window_start, value, lower_bound, upper_bound,
   * anomaly_probability, is_anomaly, oldest first. Parameters: threshold (FLOAT64), from, to,
   * trained_until (TIMESTAMP), step_seconds (INT64), each id column (STRING).
   */
  String anomalies(ForecastModel model) {
    String columns =
        WINDOW_START + ", " + VALUE + ", lower_bound, upper_bound, anomaly_probability, is_anomaly";
    String range = WINDOW_START + " >= @from AND " + WINDOW_START + " < @to";
    return "SELECT trained.trained_windows, scored."
        + columns.replace(", ", ", scored.")
        + " FROM (SELECT COUNT(*) AS trained_windows FROM "
        + mlDetectAnomalies(model, "@threshold", null)
        + idFilter(model, " WHERE ")
        + ") AS trained LEFT JOIN (SELECT "
        + columns
        + " FROM "
        + mlDetectAnomalies(model, "@threshold", null)
        + " WHERE "
        + range
        + idFilter(model, " AND ")
        + " UNION ALL SELECT "
        + columns
        + " FROM "
        + mlDetectAnomalies(model, "@threshold", recentRows(model))
        + " WHERE "
        + range
        + ") AS scored ON TRUE ORDER BY scored."
        + WINDOW_START;
  }

  /**
   * The requested series' windows that closed after the training's last window ({@code
   * @trained_until}), on the training's grid ({@code @step_seconds}) with missing windows as 0, as
   * the training rows are: window_start, the id columns (the request's), value. Parameters:
   * trained_until (TIMESTAMP), step_seconds (INT64), each id column (STRING).
   */
  String recentRows(ForecastModel model) {
    String range =
        WINDOW_START
            + " > @trained_until AND "
            + WINDOW_END
            + " <= CURRENT_TIMESTAMP() AND TIMESTAMP_DIFF("
            + WINDOW_END
            + ", "
            + WINDOW_START
            + ", SECOND) = @step_seconds";
    StringBuilder sql =
        new StringBuilder("WITH regular AS (")
            .append(observed(model, range))
            .append("), grid AS (SELECT slot AS ")
            .append(WINDOW_START)
            .append(" FROM UNNEST(GENERATE_TIMESTAMP_ARRAY(TIMESTAMP_ADD(@trained_until, INTERVAL")
            .append(" @step_seconds SECOND), (SELECT MAX(")
            .append(WINDOW_START)
            .append(") FROM regular), INTERVAL @step_seconds SECOND)) AS slot)");
    if (!model.idColumns().isEmpty()) {
      sql.append(", series AS (SELECT ")
          .append(
              model.idColumns().stream()
                  .map(id -> "@" + id + " AS " + id)
                  .collect(Collectors.joining(", ")))
          .append(")");
    }
    return zeroFilled(sql, model);
  }

  /**
   * Ends a query whose {@code regular}, {@code grid} and (with id columns) {@code series} are
   * defined: every window of the grid of every series, a window without a row as 0.
   */
  private static String zeroFilled(StringBuilder sql, ForecastModel model) {
    boolean keyed = !model.idColumns().isEmpty();
    sql.append(" SELECT grid.").append(WINDOW_START);
    if (keyed) {
      sql.append(", ").append(idList(model, "series."));
    }
    sql.append(", CAST(IFNULL(regular.")
        .append(VALUE)
        .append(", 0) AS FLOAT64) AS ")
        .append(VALUE)
        .append(" FROM grid");
    if (keyed) {
      sql.append(" CROSS JOIN series");
    }
    sql.append(" LEFT JOIN regular ON regular.")
        .append(WINDOW_START)
        .append(" = grid.")
        .append(WINDOW_START);
    for (String id : model.idColumns()) {
      sql.append(" AND regular.").append(id).append(" = series.").append(id);
    }
    return sql.toString();
  }

  /**
   * Writes the training's forecast of every series to {@code forecast_points}. Parameters:
   * trained_at (TIMESTAMP), model, metric (STRING), horizon (INT64), confidence (FLOAT64).
   */
  String insertPoints(ForecastModel model) {
    WarehouseTable table = ForecastTables.FORECAST_POINTS;
    return "INSERT INTO "
        + reference(table.name())
        + " ("
        + String.join(", ", table.columnNames())
        + ") SELECT @trained_at, @model, @metric, "
        + idOrNull(model, ForecastModel.COUNTRY)
        + ", "
        + idOrNull(model, ForecastModel.GENDER)
        + ", forecast_timestamp, forecast_value, prediction_interval_lower_bound,"
        + " prediction_interval_upper_bound, @confidence FROM "
        + mlForecast(model);
  }

  /**
   * Writes the scored history windows since {@code since} of every series to {@code
   * forecast_anomalies}. Parameters: trained_at, since (TIMESTAMP), model, metric (STRING),
   * threshold (FLOAT64).
   */
  String insertAnomalies(ForecastModel model) {
    WarehouseTable table = ForecastTables.FORECAST_ANOMALIES;
    return "INSERT INTO "
        + reference(table.name())
        + " ("
        + String.join(", ", table.columnNames())
        + ") SELECT @trained_at, @model, @metric, "
        + idOrNull(model, ForecastModel.COUNTRY)
        + ", "
        + idOrNull(model, ForecastModel.GENDER)
        + ", "
        + WINDOW_START
        + ", "
        + VALUE
        + ", lower_bound, upper_bound, anomaly_probability, @threshold FROM "
        + mlDetectAnomalies(model, "@threshold", null)
        + " WHERE "
        + WINDOW_START
        + " >= @since";
  }

  /**
   * One row of {@code forecast_trainings}. Parameters: trained_at (TIMESTAMP), model, metric,
   * engine, error (STRING), windows, frequency_seconds, duration_ms (INT64).
   */
  String insertTraining() {
    WarehouseTable table = ForecastTables.FORECAST_TRAININGS;
    return "INSERT INTO "
        + reference(table.name())
        + " ("
        + String.join(", ", table.columnNames())
        + ") VALUES ("
        + table.columnNames().stream().map(column -> "@" + column).collect(Collectors.joining(", "))
        + ")";
  }

  private String mlForecast(ForecastModel model) {
    return "ML.FORECAST(MODEL "
        + reference(model.name())
        + ", STRUCT(@horizon AS horizon, @confidence AS confidence_level))";
  }

  /** Of the training history when {@code newData} is null, else of the rows that query gives. */
  private String mlDetectAnomalies(ForecastModel model, String threshold, String newData) {
    return "ML.DETECT_ANOMALIES(MODEL "
        + reference(model.name())
        + ", STRUCT("
        + threshold
        + " AS anomaly_prob_threshold)"
        + (newData == null ? "" : ", (" + newData + ")")
        + ")";
  }

  /**
   * The closed tiling windows that started within the history: window_start, window_end, the id
   * columns, value (users).
   */
  private String observed(ForecastModel model, Duration history) {
    return observed(
        model,
        WINDOW_START
            + " >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL "
            + history.toSeconds()
            + " SECOND) AND "
            + WINDOW_END
            + " <= CURRENT_TIMESTAMP()");
  }

  /** The tiling windows meeting {@code condition}: window_start, window_end, the ids, value. */
  private String observed(ForecastModel model, String condition) {
    String tiling = TilingWindows.condition(column -> "UNIX_SECONDS(" + column + ")");
    String range = condition + " AND " + tiling;
    String bounds = WINDOW_START + ", " + WINDOW_END;
    if (!model.has(ForecastModel.COUNTRY)) {
      String summary = reference(WarehouseViews.LATEST_WINDOW_SUMMARY.name());
      if (!model.has(ForecastModel.GENDER)) {
        return "SELECT " + bounds + ", users AS " + VALUE + " FROM " + summary + " WHERE " + range;
      }
      // One row per gender from the summary's three counts, as SeriesReader reads them.
      return "SELECT "
          + bounds
          + ", split.gender, split."
          + VALUE
          + " FROM "
          + summary
          + " CROSS JOIN UNNEST([STRUCT('male' AS gender, male AS "
          + VALUE
          + "), STRUCT('female' AS gender, female AS "
          + VALUE
          + "), STRUCT('other' AS gender, other_gender AS "
          + VALUE
          + ")]) AS split WHERE "
          + range;
    }
    String byCountry = reference(WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER.name());
    String ids = idList(model, "");
    return "SELECT "
        + bounds
        + ", "
        + ids
        + ", SUM(users) AS "
        + VALUE
        + " FROM "
        + byCountry
        + " WHERE "
        + range
        + " GROUP BY "
        + bounds
        + ", "
        + ids;
  }

  private static String idList(ForecastModel model, String qualifier) {
    List<String> ids = new ArrayList<>();
    model.idColumns().forEach(id -> ids.add(qualifier + id));
    return String.join(", ", ids);
  }

  private static String idFilter(ForecastModel model, String keyword) {
    if (model.idColumns().isEmpty()) {
      return "";
    }
    return keyword
        + model.idColumns().stream()
            .map(id -> id + " = @" + id)
            .collect(Collectors.joining(" AND "));
  }

  private static String idOrNull(ForecastModel model, String id) {
    return model.has(id) ? id : "CAST(NULL AS STRING)";
  }
}
