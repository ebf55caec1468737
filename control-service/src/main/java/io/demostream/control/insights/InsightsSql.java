package io.demostream.control.insights;

import static io.demostream.events.warehouse.WarehouseTables.EMITTED_AT;
import static io.demostream.events.warehouse.WarehouseTables.PANE_TIMING;
import static io.demostream.events.warehouse.WarehouseTables.WINDOW_END;
import static io.demostream.events.warehouse.WarehouseTables.WINDOW_START;

import io.demostream.events.warehouse.LatestPaneRollup;
import io.demostream.events.warehouse.LatestPaneTable;
import io.demostream.events.warehouse.TilingWindows;
import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The insights queries, written once for every warehouse. Each reads the latest panes of one {@code
 * latest_*} view (never a sum over panes) for a range of window starts (from inclusive, to
 * exclusive) bound as positional parameters {@code ?} ({@link #windowParameters}, {@link
 * #aggregateParameters}), and differs between dialects in where the rows come from:
 *
 * <ul>
 *   <li>BigQuery reads the views, filtered on {@code window_start}, the partition column, so it
 *       scans only the days in range.
 *   <li>H2 and PostgreSQL read the latest-pane tables ({@link LatestPaneTable}) and their hourly
 *       sums ({@link LatestPaneRollup}), filtered by range before anything is combined: H2 cannot
 *       push a range into the views' window functions, so a view costs the whole pane table on
 *       every read. Windows are combined across incarnations exactly as the view does ({@link
 *       WarehouseView#selectFromLatestPanesSql}). Across windows, the hours wholly in range come
 *       from the hourly sums and the partial hours at its edges from the latest panes: rows that
 *       add up to the same users, and users × averages, as the view's rows.
 * </ul>
 */
final class InsightsSql {

  private final Rows windowRows;
  private final Rows aggregateRows;
  private final boolean hourly;

  /** A FROM clause of a view's rows, or of rows adding up to them, for a range of windows. */
  private interface Rows {
    String from(WarehouseView view);
  }

  private InsightsSql(Rows windowRows, Rows aggregateRows, boolean hourly) {
    this.windowRows = windowRows;
    this.aggregateRows = aggregateRows;
    this.hourly = hourly;
  }

  /** H2 and PostgreSQL: the latest-pane tables and their hourly sums. */
  static InsightsSql jdbc() {
    String tiling = TilingWindows.condition(TilingWindows::jdbcEpochSeconds);
    return new InsightsSql(
        view -> "(" + view.selectFromLatestPanesSql(inRange()) + ") " + view.name(),
        view -> hourlyRows(view, tiling),
        true);
  }

  /** BigQuery GoogleSQL: the views as {@code `project.dataset.view`}, {@code UNIX_SECONDS}. */
  static InsightsSql bigQuery(String project, String dataset) {
    return views(
        view -> "`" + project + "." + dataset + "." + view + "`",
        column -> "UNIX_SECONDS(" + column + ")");
  }

  /**
   * Reads the views themselves: BigQuery's form, and on H2 the reference the tests hold {@link
   * #jdbc()} to.
   *
   * @param viewReference a view's name as the dialect references it
   * @param epochSeconds SQL turning a TIMESTAMP column into whole seconds since the epoch
   */
  static InsightsSql views(
      UnaryOperator<String> viewReference, UnaryOperator<String> epochSeconds) {
    String tiling = TilingWindows.condition(epochSeconds);
    return new InsightsSql(
        view -> viewReference.apply(view.name()) + " WHERE " + inRange(),
        view -> viewReference.apply(view.name()) + " WHERE " + inRange() + " AND " + tiling,
        false);
  }

  /**
   * Columns in order: window_start, window_end, users, male, female, other_gender, avg_age,
   * avg_registered_age, pane_timing, emitted_at. Parameters: {@link #windowParameters}.
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
        + windowRows.from(WarehouseViews.LATEST_WINDOW_SUMMARY)
        + " ORDER BY "
        + WINDOW_START
        + ", "
        + WINDOW_END;
  }

  /**
   * Columns in order: window_start, window_end, users, male, female, other_gender, of one country.
   * Parameters: {@link #windowParameters}, then the country.
   */
  String countryWindows() {
    return "SELECT "
        + WINDOW_START
        + ", "
        + WINDOW_END
        + ", SUM(users) AS users, SUM(CASE WHEN gender = 'male' THEN users ELSE 0 END) AS male,"
        + " SUM(CASE WHEN gender = 'female' THEN users ELSE 0 END) AS female,"
        + " SUM(CASE WHEN gender IN ('male', 'female') THEN 0 ELSE users END) AS other_gender"
        + " FROM (SELECT "
        + WINDOW_START
        + ", "
        + WINDOW_END
        + ", country, gender, users FROM "
        + windowRows.from(WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER)
        + ") country_rows WHERE country = ? GROUP BY "
        + WINDOW_START
        + ", "
        + WINDOW_END
        + " ORDER BY "
        + WINDOW_START
        + ", "
        + WINDOW_END;
  }

  /**
   * Columns: the grouping columns, then users, age_sum, registered_age_sum. Parameters: {@link
   * #aggregateParameters}.
   */
  String ageGroups(AgeGrouping by) {
    String keys = String.join(", ", by.columns());
    return "SELECT "
        + keys
        + ", SUM(users) AS users, SUM(avg_age * users) AS age_sum,"
        + " SUM(avg_registered_age * users) AS registered_age_sum FROM "
        + aggregateRows.from(WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER)
        + " GROUP BY "
        + keys;
  }

  /** Columns: age_band, users. Parameters: {@link #aggregateParameters}. */
  String ageBands() {
    return "SELECT age_band, SUM(users) AS users FROM "
        + aggregateRows.from(WarehouseViews.LATEST_WINDOW_BY_AGE_BAND)
        + " GROUP BY age_band";
  }

  /** The parameters of {@link #windows()}: from, to. */
  List<Instant> windowParameters(TimeRange range) {
    return List.of(range.from(), range.to());
  }

  /**
   * The parameters of {@link #ageGroups} and {@link #ageBands}: from and to for the views; for the
   * hourly sums, the leading partial hour, the trailing one, then the whole hours between, each as
   * from and to (empty ranges where there is nothing to read).
   */
  List<Instant> aggregateParameters(TimeRange range) {
    if (!hourly) {
      return List.of(range.from(), range.to());
    }
    Instant firstHour = LatestPaneRollup.bucketAtOrAfter(range.from());
    Instant endOfHours = LatestPaneRollup.bucketOf(range.to());
    if (!firstHour.isBefore(endOfHours)) {
      // No whole hour in range: all of it from the latest panes.
      firstHour = range.to();
      endOfHours = range.to();
    }
    List<Instant> parameters = new ArrayList<>();
    parameters.addAll(List.of(range.from(), firstHour));
    parameters.addAll(List.of(endOfHours, range.to()));
    parameters.addAll(List.of(firstHour, endOfHours));
    return parameters;
  }

  /**
   * The latest panes of tiling windows at the range's two edges and the hourly sums in between, as
   * rows with the group columns, users and the averages.
   */
  private static String hourlyRows(WarehouseView view, String tiling) {
    LatestPaneTable latest = view.latestPanes();
    LatestPaneRollup rollup = WarehouseViews.rollupOf(latest).orElseThrow();
    String columns =
        String.join(", ", rollup.columnNames().subList(1, rollup.columnNames().size()));
    String edge =
        "SELECT " + columns + " FROM " + latest.name() + " WHERE " + inRange() + " AND " + tiling;
    return "("
        + edge
        + " UNION ALL "
        + edge
        + " UNION ALL SELECT "
        + columns
        + " FROM "
        + rollup.name()
        + " WHERE "
        + LatestPaneRollup.BUCKET_START
        + " >= ? AND "
        + LatestPaneRollup.BUCKET_START
        + " < ?) "
        + view.name();
  }

  private static String inRange() {
    return WINDOW_START + " >= ? AND " + WINDOW_START + " < ?";
  }
}
