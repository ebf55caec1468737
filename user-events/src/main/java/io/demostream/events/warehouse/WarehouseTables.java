package io.demostream.events.warehouse;

import static io.demostream.events.warehouse.Column.nullable;
import static io.demostream.events.warehouse.Column.required;
import static io.demostream.events.warehouse.ColumnType.FLOAT64;
import static io.demostream.events.warehouse.ColumnType.INT64;
import static io.demostream.events.warehouse.ColumnType.STRING;
import static io.demostream.events.warehouse.ColumnType.TIMESTAMP;

import java.util.ArrayList;
import java.util.List;

/**
 * The warehouse tables. Every pane the pipeline emits is kept, tagged with the pipeline incarnation
 * that emitted it ({@link #JOB_ID}); readers take the latest pane per incarnation, window and key
 * and combine the incarnations through {@link WarehouseViews}. Column names are the interface
 * Tableau, the views and the dashboard read.
 */
public final class WarehouseTables {

  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String PANE_TIMING = "pane_timing";
  public static final String PANE_INDEX = "pane_index";
  public static final String EMITTED_AT = "emitted_at";

  /**
   * The pipeline incarnation that wrote the row: the pipeline's {@code --incarnationId}, which
   * defaults to its job name. A fresh pipeline is a new incarnation and starts its pane indexes at
   * 0; a pipeline restored from its own checkpoint or savepoint (or updated in place on Dataflow)
   * continues its incarnation. Nullable and last, so existing tables gain it in place; rows written
   * before it existed have NULL and count as one incarnation.
   */
  public static final String JOB_ID = "job_id";

  /** The column the views weight averages by, and sum. */
  public static final String USERS = "users";

  public static final WarehouseTable WINDOW_SUMMARY =
      new WarehouseTable(
          "window_summary",
          "Per window: users, gender split, average age and registration age. One row per pane.",
          paneColumns(
              required(USERS, INT64, "Users counted in the window so far"),
              required("male", INT64, "Users with gender male"),
              required("female", INT64, "Users with gender female"),
              required("other_gender", INT64, "Users with any other or unknown gender"),
              required("avg_age", FLOAT64, "Average age in years"),
              required("avg_registered_age", FLOAT64, "Average years since registration")),
          WINDOW_START,
          List.of(),
          List.of(WINDOW_START, WINDOW_END));

  public static final WarehouseTable WINDOW_BY_COUNTRY_GENDER =
      new WarehouseTable(
          "window_by_country_gender",
          "Per window, country and gender: users, average age and registration age. One row per pane.",
          paneColumns(
              required("country", STRING, "Country name as the API sends it"),
              required("gender", STRING, "male, female or other"),
              required(USERS, INT64, "Users counted in the window so far"),
              required("avg_age", FLOAT64, "Average age in years"),
              required("avg_registered_age", FLOAT64, "Average years since registration")),
          WINDOW_START,
          List.of("country", "gender"),
          List.of(WINDOW_START, WINDOW_END, "country", "gender"));

  public static final WarehouseTable WINDOW_BY_AGE_BAND =
      new WarehouseTable(
          "window_by_age_band",
          "Per window and age band: users. One row per pane.",
          paneColumns(
              required("age_band", STRING, "0-17, 18-24, 25-34, 35-44, 45-54, 55-64 or 65+"),
              required(USERS, INT64, "Users counted in the window so far")),
          WINDOW_START,
          List.of("age_band"),
          List.of(WINDOW_START, WINDOW_END, "age_band"));

  public static final WarehouseTable DEAD_LETTER =
      new WarehouseTable(
          "dead_letter",
          "Messages and rows the pipeline could not process, with the reason. Nothing is dropped silently.",
          List.of(
              required("received_at", TIMESTAMP, "When the pipeline processed the message"),
              nullable(
                  "event_time", TIMESTAMP, "The message's event time, when it had a valid one"),
              required("error", STRING, "field: REASON: message, for each fault"),
              nullable("payload", STRING, "The original data, truncated to a bound"),
              nullable("attributes", STRING, "The message attributes as a JSON object"),
              jobIdColumn()),
          "received_at",
          List.of(),
          List.of());

  /** Every table, in creation order. */
  public static final List<WarehouseTable> ALL =
      List.of(WINDOW_SUMMARY, WINDOW_BY_COUNTRY_GENDER, WINDOW_BY_AGE_BAND, DEAD_LETTER);

  private WarehouseTables() {}

  /** Look a table up by name. */
  public static WarehouseTable byName(String name) {
    return ALL.stream()
        .filter(table -> table.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown warehouse table '" + name + "'"));
  }

  private static List<Column> paneColumns(Column... valueColumns) {
    List<Column> columns = new ArrayList<>();
    columns.add(required(WINDOW_START, TIMESTAMP, "Window start, inclusive (UTC)"));
    columns.add(required(WINDOW_END, TIMESTAMP, "Window end, exclusive (UTC)"));
    columns.add(required(PANE_TIMING, STRING, "EARLY, ON_TIME or LATE"));
    columns.add(required(PANE_INDEX, INT64, "0 for the window's first pane, then 1, 2, ..."));
    columns.add(required(EMITTED_AT, TIMESTAMP, "When the pipeline emitted the pane (UTC)"));
    columns.addAll(List.of(valueColumns));
    columns.add(jobIdColumn());
    return columns;
  }

  private static Column jobIdColumn() {
    return nullable(
        JOB_ID,
        STRING,
        "Pipeline incarnation that emitted the row (its --incarnationId, by default the job name);"
            + " NULL for rows written before the column existed");
  }
}
