package io.demostream.events.warehouse;

import java.util.List;
import java.util.Optional;

/**
 * The views that Tableau, the insights API and the dashboard read: one row per window and key,
 * combining the latest pane of every pipeline incarnation (see {@link WarehouseView}). Never sum
 * the pane tables themselves: panes accumulate, so a sum over panes counts users several times.
 */
public final class WarehouseViews {

  public static final WarehouseView LATEST_WINDOW_SUMMARY =
      new WarehouseView(
          "latest_window_summary",
          "window_summary: per window, the latest pane of each pipeline incarnation, combined",
          WarehouseTables.WINDOW_SUMMARY);

  public static final WarehouseView LATEST_WINDOW_BY_COUNTRY_GENDER =
      new WarehouseView(
          "latest_window_by_country_gender",
          "window_by_country_gender: per window, country and gender, the latest pane of each"
              + " pipeline incarnation, combined",
          WarehouseTables.WINDOW_BY_COUNTRY_GENDER);

  public static final WarehouseView LATEST_WINDOW_BY_AGE_BAND =
      new WarehouseView(
          "latest_window_by_age_band",
          "window_by_age_band: per window and age band, the latest pane of each pipeline"
              + " incarnation, combined",
          WarehouseTables.WINDOW_BY_AGE_BAND);

  public static final List<WarehouseView> ALL =
      List.of(LATEST_WINDOW_SUMMARY, LATEST_WINDOW_BY_COUNTRY_GENDER, LATEST_WINDOW_BY_AGE_BAND);

  /**
   * The latest-pane table of every view, which a JDBC warehouse keeps (see {@link
   * LatestPaneTable}).
   */
  public static final List<LatestPaneTable> LATEST_PANE_TABLES =
      ALL.stream().map(WarehouseView::latestPanes).toList();

  /**
   * The hourly sums of the latest-pane tables whose rows have a key besides their window (see
   * {@link LatestPaneRollup}): by country and gender, and by age band.
   */
  public static final List<LatestPaneRollup> ROLLUPS =
      LATEST_PANE_TABLES.stream()
          .filter(latest -> !LatestPaneRollup.groupColumnsOf(latest).isEmpty())
          .map(LatestPaneRollup::new)
          .toList();

  private WarehouseViews() {}

  /** The hourly sums of a latest-pane table, if it has any. */
  public static Optional<LatestPaneRollup> rollupOf(LatestPaneTable latestPanes) {
    return ROLLUPS.stream().filter(rollup -> rollup.latestPanes().equals(latestPanes)).findFirst();
  }

  /** The latest-pane table of a pane table; empty for a table no view reads (dead letters). */
  public static Optional<LatestPaneTable> latestPanesOf(WarehouseTable table) {
    return LATEST_PANE_TABLES.stream().filter(latest -> latest.source().equals(table)).findFirst();
  }
}
