package io.demostream.control.insights;

import static io.demostream.events.warehouse.WarehouseTables.EMITTED_AT;
import static io.demostream.events.warehouse.WarehouseTables.PANE_TIMING;
import static io.demostream.events.warehouse.WarehouseTables.WINDOW_END;
import static io.demostream.events.warehouse.WarehouseTables.WINDOW_START;

import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import java.util.function.UnaryOperator;

/**
 * The insights queries, written once for every warehouse. Each reads one {@code latest_*} view
 * (never a pane table), binds the range as two positional parameters {@code ?} (from inclusive, to
 * exclusive) on {@code window_start}, the tables' partition column, and differs between dialects
 * only in how a view is named and how a timestamp becomes epoch seconds.
 */
final class InsightsSql {

  /**
   * Keeps only tiling windows (see {@link WindowRow#tiling()}); {@code %1$s} and {@code %2$s} are
   * the epoch seconds of the window's start and end.
   */
  static final String TILING = "MOD(%1$s, %2$s - %1$s) = 0";

  private final UnaryOperator<String> viewReference;
  private final UnaryOperator<String> epochSeconds;

  /**
   * @param viewReference a view's name as the dialect references it
   * @param epochSeconds SQL turning a TIMESTAMP column into whole seconds since the epoch
   */
  InsightsSql(UnaryOperator<String> viewReference, UnaryOperator<String> epochSeconds) {
    this.viewReference = viewReference;
    this.epochSeconds = epochSeconds;
  }

  /** H2 and PostgreSQL: bare view names, {@code EXTRACT(EPOCH ...)}. */
  static InsightsSql jdbc() {
    return new InsightsSql(
        UnaryOperator.identity(), column -> "CAST(EXTRACT(EPOCH FROM " + column + ") AS BIGINT)");
  }

  /** BigQuery GoogleSQL: {@code `project.dataset.view`}, {@code UNIX_SECONDS}. */
  static InsightsSql bigQuery(String project, String dataset) {
    return new InsightsSql(
        view -> "`" + project + "." + dataset + "." + view + "`",
        column -> "UNIX_SECONDS(" + column + ")");
  }

  /**
   * Columns in order: window_start, window_end, users, male, female, other_gender, avg_age,
   * avg_registered_age, pane_timing, emitted_at.
   */
  String windows() {
    return "SELECT "
        + WINDOW_START
        + ", "
        + WINDOW_END
        + ", users, male, female, other_gender, avg_age, avg_registered_age, "
        + PANE_TIMING
        + ", "
        + EMITTED_AT
        + " FROM "
        + from(WarehouseViews.LATEST_WINDOW_SUMMARY)
        + " WHERE "
        + inRange()
        + " ORDER BY "
        + WINDOW_START
        + ", "
        + WINDOW_END;
  }

  /** Columns: the grouping columns, then users, age_sum, registered_age_sum. */
  String ageGroups(AgeGrouping by) {
    String keys = String.join(", ", by.columns());
    return "SELECT "
        + keys
        + ", SUM(users) AS users, SUM(avg_age * users) AS age_sum,"
        + " SUM(avg_registered_age * users) AS registered_age_sum FROM "
        + from(WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER)
        + " WHERE "
        + inRange()
        + " AND "
        + tiling()
        + " GROUP BY "
        + keys;
  }

  /** Columns: age_band, users. */
  String ageBands() {
    return "SELECT age_band, SUM(users) AS users FROM "
        + from(WarehouseViews.LATEST_WINDOW_BY_AGE_BAND)
        + " WHERE "
        + inRange()
        + " AND "
        + tiling()
        + " GROUP BY age_band";
  }

  private String from(WarehouseView view) {
    return viewReference.apply(view.name());
  }

  private static String inRange() {
    return WINDOW_START + " >= ? AND " + WINDOW_START + " < ?";
  }

  private String tiling() {
    return String.format(TILING, epochSeconds.apply(WINDOW_START), epochSeconds.apply(WINDOW_END));
  }
}
