package io.demostream.control.insights;

import static io.demostream.events.warehouse.WarehouseTables.EMITTED_AT;
import static io.demostream.events.warehouse.WarehouseTables.PANE_TIMING;
import static io.demostream.events.warehouse.WarehouseTables.WINDOW_END;
import static io.demostream.events.warehouse.WarehouseTables.WINDOW_START;

import io.demostream.events.warehouse.LatestPaneTable;
import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import java.util.function.UnaryOperator;

/**
 * The insights queries, written once for every warehouse. Each reads the latest panes of one {@code
 * latest_*} view (never a sum over panes), binds the range as two positional parameters {@code ?}
 * (from inclusive, to exclusive) on {@code window_start}, the tables' partition column, and differs
 * between dialects in how a timestamp becomes epoch seconds and in where the view's rows come from:
 *
 * <ul>
 *   <li>BigQuery reads the views, filtered on the partition column so it scans only the days in
 *       range.
 *   <li>H2 and PostgreSQL read the latest-pane tables ({@link LatestPaneTable}), filtered by range
 *       before anything is ranked or combined: H2 cannot push a range into the views' window
 *       functions, so a view costs the whole pane table on every read. Per window they combine the
 *       incarnations exactly as the view does ({@link WarehouseView#selectFromLatestPanesSql});
 *       across windows they sum each incarnation's latest pane directly, which adds up to the same
 *       users and the same users × average as summing the view's rows.
 * </ul>
 */
final class InsightsSql {

  /**
   * Keeps only tiling windows (see {@link WindowRow#tiling()}); {@code %1$s} and {@code %2$s} are
   * the epoch seconds of the window's start and end.
   */
  static final String TILING = "MOD(%1$s, %2$s - %1$s) = 0";

  private final Rows viewRows;
  private final Rows latestPaneRows;
  private final UnaryOperator<String> epochSeconds;

  /** A FROM clause: rows of a view (or adding up to it) whose window satisfies a condition. */
  private interface Rows {
    String from(WarehouseView view, String condition);
  }

  /**
   * @param viewRows the view's rows, one per window and key
   * @param latestPaneRows rows whose users, and users × averages, add up to the view's
   * @param epochSeconds SQL turning a TIMESTAMP column into whole seconds since the epoch
   */
  private InsightsSql(Rows viewRows, Rows latestPaneRows, UnaryOperator<String> epochSeconds) {
    this.viewRows = viewRows;
    this.latestPaneRows = latestPaneRows;
    this.epochSeconds = epochSeconds;
  }

  /** H2 and PostgreSQL: the latest-pane tables. */
  static InsightsSql jdbc() {
    return new InsightsSql(
        (view, condition) -> "(" + view.selectFromLatestPanesSql(condition) + ") " + view.name(),
        (view, condition) -> view.latestPanes().name() + " WHERE " + condition,
        InsightsSql::jdbcEpochSeconds);
  }

  /** BigQuery GoogleSQL: the views as {@code `project.dataset.view`}, {@code UNIX_SECONDS}. */
  static InsightsSql bigQuery(String project, String dataset) {
    return views(
        view -> "`" + project + "." + dataset + "." + view + "`",
        column -> "UNIX_SECONDS(" + column + ")");
  }

  /**
   * Reads the views themselves, filtered by range: BigQuery's form, and on H2 the reference the
   * tests hold {@link #jdbc()} to.
   *
   * @param viewReference a view's name as the dialect references it
   */
  static InsightsSql views(
      UnaryOperator<String> viewReference, UnaryOperator<String> epochSeconds) {
    Rows views = (view, condition) -> viewReference.apply(view.name()) + " WHERE " + condition;
    return new InsightsSql(views, views, epochSeconds);
  }

  /** H2 and PostgreSQL: a TIMESTAMP column as whole seconds since the epoch. */
  static String jdbcEpochSeconds(String column) {
    return "CAST(EXTRACT(EPOCH FROM " + column + ") AS BIGINT)";
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
        + viewRows.from(WarehouseViews.LATEST_WINDOW_SUMMARY, inRange())
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
        + latestPaneRows.from(
            WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER, inRange() + " AND " + tiling())
        + " GROUP BY "
        + keys;
  }

  /** Columns: age_band, users. */
  String ageBands() {
    return "SELECT age_band, SUM(users) AS users FROM "
        + latestPaneRows.from(
            WarehouseViews.LATEST_WINDOW_BY_AGE_BAND, inRange() + " AND " + tiling())
        + " GROUP BY age_band";
  }

  private static String inRange() {
    return WINDOW_START + " >= ? AND " + WINDOW_START + " < ?";
  }

  private String tiling() {
    return String.format(TILING, epochSeconds.apply(WINDOW_START), epochSeconds.apply(WINDOW_END));
  }
}
