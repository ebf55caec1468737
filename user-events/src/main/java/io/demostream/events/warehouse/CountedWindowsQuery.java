package io.demostream.events.warehouse;

/**
 * The one query of which windows another incarnation already counted in a backfill's range: the
 * first window start, the last window end and how many panes of {@code window_summary} intersect
 * {@code [start, end)} with a {@code job_id} other than the backfill's own. The pipeline runs it
 * before a backfill on the JDBC warehouse, the control-service before it launches one; three
 * positional parameters, in this order: the backfill's incarnation, the range's start, its end.
 */
public final class CountedWindowsQuery {

  /** Plain SQL for H2 and PostgreSQL. */
  public static final String JDBC_SQL =
      "SELECT MIN("
          + WarehouseTables.WINDOW_START
          + "), MAX("
          + WarehouseTables.WINDOW_END
          + "), COUNT(*) FROM "
          + WarehouseTables.WINDOW_SUMMARY.name()
          + " WHERE "
          + WarehouseTables.JOB_ID
          + " <> ? AND "
          + WarehouseTables.WINDOW_END
          + " > ? AND "
          + WarehouseTables.WINDOW_START
          + " < ?";

  private CountedWindowsQuery() {}
}
