package io.demostream.events.warehouse;

import static io.demostream.events.warehouse.Column.nullable;
import static io.demostream.events.warehouse.Column.required;
import static io.demostream.events.warehouse.ColumnType.FLOAT64;
import static io.demostream.events.warehouse.ColumnType.INT64;
import static io.demostream.events.warehouse.ColumnType.STRING;
import static io.demostream.events.warehouse.ColumnType.TIMESTAMP;

import java.util.List;

/**
 * The forecast tables of a BigQuery warehouse: what each BigQuery ML training wrote, so that
 * Tableau reads the forecasts and anomalies the control-service answers with. Only the
 * control-service writes them (one row per training, then its forecast and anomaly rows, all tagged
 * with the training's {@link #TRAINED_AT} and {@link #MODEL}); the pipeline never does, and a JDBC
 * warehouse has none (the local engine computes in Java). Rows accumulate: a reader takes each
 * model's latest {@code trained_at}.
 */
public final class ForecastTables {

  public static final String TRAINED_AT = "trained_at";
  public static final String MODEL = "model";

  public static final WarehouseTable FORECAST_TRAININGS =
      new WarehouseTable(
          "forecast_trainings",
          "One row per BigQuery ML training of a forecast model: when, how long, on how many"
              + " windows, and its error when it failed.",
          List.of(
              required(TRAINED_AT, TIMESTAMP, "When the training started (UTC)"),
              required(MODEL, STRING, "The model, e.g. forecast_users_by_gender_model"),
              required("metric", STRING, "The forecast metric: users"),
              required("engine", STRING, "bigquery-ml-arima-plus"),
              nullable("windows", INT64, "Windows of history per series, missing ones as 0"),
              nullable("frequency_seconds", INT64, "The windows' length in seconds"),
              required("duration_ms", INT64, "How long the training took"),
              nullable("error", STRING, "Why it failed; NULL when it succeeded")),
          TRAINED_AT,
          List.of(MODEL),
          List.of());

  public static final WarehouseTable FORECAST_POINTS =
      new WarehouseTable(
          "forecast_points",
          "The forecast each training made (ML.FORECAST): per series, one row per window ahead.",
          List.of(
              required(TRAINED_AT, TIMESTAMP, "The training that forecast it"),
              required(MODEL, STRING, "The model"),
              required("metric", STRING, "users"),
              nullable("country", STRING, "The series' country; NULL for every country"),
              nullable("gender", STRING, "The series' gender; NULL for every gender"),
              required(WarehouseTables.WINDOW_START, TIMESTAMP, "The forecast window's start"),
              required("value", FLOAT64, "The forecast value"),
              required("lower", FLOAT64, "Lower bound of the prediction interval"),
              required("upper", FLOAT64, "Upper bound of the prediction interval"),
              required("confidence", FLOAT64, "The interval's confidence level")),
          WarehouseTables.WINDOW_START,
          List.of(MODEL, TRAINED_AT),
          List.of());

  public static final WarehouseTable FORECAST_ANOMALIES =
      new WarehouseTable(
          "forecast_anomalies",
          "The recent history windows each training scored (ML.DETECT_ANOMALIES): value, expected"
              + " band and anomaly probability; anomalous when probability > threshold.",
          List.of(
              required(TRAINED_AT, TIMESTAMP, "The training that scored it"),
              required(MODEL, STRING, "The model"),
              required("metric", STRING, "users"),
              nullable("country", STRING, "The series' country; NULL for every country"),
              nullable("gender", STRING, "The series' gender; NULL for every gender"),
              required(WarehouseTables.WINDOW_START, TIMESTAMP, "The window's start"),
              required("value", FLOAT64, "What the window counted (missing windows as 0)"),
              nullable("lower", FLOAT64, "Lower bound of the expected band at the threshold"),
              nullable("upper", FLOAT64, "Upper bound of the expected band at the threshold"),
              nullable("probability", FLOAT64, "How unusual the window is, 0 to 1"),
              required("threshold", FLOAT64, "The anomaly probability threshold")),
          WarehouseTables.WINDOW_START,
          List.of(MODEL, TRAINED_AT),
          List.of());

  /** Every forecast table, in creation order. */
  public static final List<WarehouseTable> ALL =
      List.of(FORECAST_TRAININGS, FORECAST_POINTS, FORECAST_ANOMALIES);

  private ForecastTables() {}
}
