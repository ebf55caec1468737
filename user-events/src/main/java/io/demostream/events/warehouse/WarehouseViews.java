package io.demostream.events.warehouse;

import java.util.List;

/**
 * The views that Tableau, the insights API and the dashboard read: one latest pane per window and
 * key.
 */
public final class WarehouseViews {

  public static final WarehouseView LATEST_WINDOW_SUMMARY =
      new WarehouseView(
          "latest_window_summary",
          "window_summary, latest pane per window",
          WarehouseTables.WINDOW_SUMMARY);

  public static final WarehouseView LATEST_WINDOW_BY_COUNTRY_GENDER =
      new WarehouseView(
          "latest_window_by_country_gender",
          "window_by_country_gender, latest pane per window, country and gender",
          WarehouseTables.WINDOW_BY_COUNTRY_GENDER);

  public static final WarehouseView LATEST_WINDOW_BY_AGE_BAND =
      new WarehouseView(
          "latest_window_by_age_band",
          "window_by_age_band, latest pane per window and age band",
          WarehouseTables.WINDOW_BY_AGE_BAND);

  public static final List<WarehouseView> ALL =
      List.of(LATEST_WINDOW_SUMMARY, LATEST_WINDOW_BY_COUNTRY_GENDER, LATEST_WINDOW_BY_AGE_BAND);

  private WarehouseViews() {}
}
