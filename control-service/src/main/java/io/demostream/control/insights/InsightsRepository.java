package io.demostream.control.insights;

import java.util.List;

/**
 * Reads the latest panes of the {@code latest_*} views for a time range; implementations differ
 * only in the warehouse ({@link JdbcInsightsRepository}, {@link BigQueryInsightsRepository}) and
 * run the queries of {@link InsightsSql} (on the views, or on a JDBC warehouse's latest-pane
 * tables), so they answer the same on the same rows.
 */
public interface InsightsRepository {

  /** Every window starting in the range, oldest first (ties by end). */
  List<WindowRow> windows(TimeRange range);

  /**
   * Every window starting in the range that counted users of the country (as the warehouse names
   * it), oldest first (ties by end); windows without any are absent.
   */
  List<CountryWindowRow> countryWindows(TimeRange range, String country);

  /** Users and age sums per group over the tiling windows starting in the range; any order. */
  List<AgeGroupRow> ageGroups(TimeRange range, AgeGrouping by);

  /**
   * Users per age band over the tiling windows starting in the range; bands without users absent.
   */
  List<AgeBandRow> ageBands(TimeRange range);
}
