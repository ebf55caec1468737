package io.demostream.events.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A view over one pane table, in SQL that BigQuery, H2 and PostgreSQL all accept: one row per
 * window and key, the values of every pipeline incarnation combined.
 *
 * <p>Each incarnation ({@link WarehouseTables#JOB_ID}; NULL counts as one) numbers its panes from 0
 * and accumulates, so its latest pane (highest {@code pane_index}) holds everything it counted for
 * the window. Different incarnations counted different users (a fresh pipeline never sees what an
 * earlier one acknowledged), so their latest panes add up: counts (INT64 value columns) are summed
 * and averages (FLOAT64 value columns) are weighted by {@link WarehouseTables#USERS}. {@code
 * pane_timing}, {@code pane_index} and {@code emitted_at} describe the most recently emitted of
 * those latest panes; {@value #INCARNATIONS} says how many incarnations the row combines.
 *
 * @param source the table it reads
 */
public record WarehouseView(String name, String description, WarehouseTable source) {

  /** The view's extra column: how many pipeline incarnations the row combines. */
  public static final String INCARNATIONS = "incarnations";

  private static final Set<String> PANE_COLUMNS =
      Set.of(WarehouseTables.PANE_TIMING, WarehouseTables.PANE_INDEX, WarehouseTables.EMITTED_AT);

  public WarehouseView {
    List<String> columns = source.columnNames();
    if (source.windowKeyColumns().isEmpty()
        || !columns.contains(WarehouseTables.JOB_ID)
        || !columns.containsAll(PANE_COLUMNS)) {
      throw new IllegalArgumentException(
          name + ": " + source.name() + " is not a pane table with " + WarehouseTables.JOB_ID);
    }
    for (Column column : source.columns()) {
      if (role(source, column) == Role.AVERAGE && !columns.contains(WarehouseTables.USERS)) {
        throw new IllegalArgumentException(
            name + ": " + column.name() + " needs a users column to weight it by");
      }
    }
  }

  /** The view's columns: the table's, without {@code job_id}, then {@value #INCARNATIONS}. */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>();
    for (Column column : source.columns()) {
      if (role(source, column) != Role.INCARNATION) {
        names.add(column.name());
      }
    }
    names.add(INCARNATIONS);
    return names;
  }

  /**
   * The view's {@code SELECT} for H2 and PostgreSQL.
   *
   * @param tableReference turns a table name into the reference the database needs (usually the
   *     bare name)
   */
  public String selectSql(UnaryOperator<String> tableReference) {
    return selectSql(tableReference, ColumnType::sqlType);
  }

  /**
   * The view's {@code SELECT} for BigQuery standard SQL.
   *
   * @param tableReference turns a table name into its BigQuery reference, e.g. {@code
   *     `project.dataset.window_summary`}
   */
  public String bigQuerySelectSql(UnaryOperator<String> tableReference) {
    return selectSql(tableReference, ColumnType::bigQueryType);
  }

  private String selectSql(
      UnaryOperator<String> tableReference, Function<ColumnType, String> typeName) {
    String keys = String.join(", ", source.windowKeyColumns());
    return combineSql(
        latestPaneSql(tableReference, WarehouseTables.JOB_ID + ", " + keys, ""), typeName);
  }

  /**
   * The table of the latest pane of every incarnation, window and key that a JDBC warehouse keeps
   * beside the pane table (see {@link LatestPaneTable}).
   */
  public LatestPaneTable latestPanes() {
    return new LatestPaneTable(this);
  }

  /**
   * The view's rows whose window satisfies {@code condition}, for H2 and PostgreSQL, combined from
   * {@link #latestPanes()} instead of ranked from every pane: what {@code SELECT ... FROM view
   * WHERE condition} answers once the latest-pane table is up to date, at the cost of the rows in
   * the condition's range rather than of the whole pane table.
   *
   * <p>The same combination as the view's, as one {@code GROUP BY} of the window key (H2 evaluates
   * window functions an order of magnitude slower): counts summed, averages weighted by users,
   * {@code emitted_at} the latest, and {@code pane_timing} and {@code pane_index} those of the most
   * recently emitted pane, which is the window key's only row when one incarnation wrote it (nearly
   * always) and is otherwise looked up by the primary key. Where the view may pick either of two
   * panes emitted at the same instant with the same index, this takes the higher {@code job_id}.
   *
   * @param condition a condition on the window key columns, e.g. {@code window_start >= ? AND
   *     window_start < ?}
   */
  public String selectFromLatestPanesSql(String condition) {
    String table = latestPanes().name();
    String keys = String.join(", ", source.windowKeyColumns());
    String sameKey =
        source.windowKeyColumns().stream()
            .map(key -> "recent." + key + " = latest." + key)
            .collect(Collectors.joining(" AND "));
    String asDouble = " AS " + ColumnType.FLOAT64.sqlType() + ")";
    String asLong = " AS " + ColumnType.INT64.sqlType() + ")";
    String users = WarehouseTables.USERS;
    List<String> combined = new ArrayList<>();
    for (Column column : source.columns()) {
      String name = column.name();
      switch (role(source, column)) {
        case KEY -> combined.add(name);
        case PANE ->
            combined.add(
                name.equals(WarehouseTables.EMITTED_AT)
                    ? "MAX(" + name + ") AS " + name
                    : "CASE WHEN COUNT(*) = 1 THEN MAX("
                        + name
                        + ") ELSE (SELECT recent."
                        + name
                        + " FROM "
                        + table
                        + " recent WHERE "
                        + sameKey
                        + " ORDER BY recent."
                        + WarehouseTables.EMITTED_AT
                        + " DESC, recent."
                        + WarehouseTables.PANE_INDEX
                        + " DESC, recent."
                        + WarehouseTables.JOB_ID
                        + " DESC FETCH FIRST 1 ROW ONLY) END AS "
                        + name);
        case COUNT -> combined.add("CAST(SUM(" + name + ")" + asLong + " AS " + name);
        case AVERAGE ->
            combined.add(
                "CAST(SUM("
                    + name
                    + " * "
                    + users
                    + ") / SUM("
                    + users
                    + ")"
                    + asDouble
                    + " AS "
                    + name);
        case INCARNATION -> {}
      }
    }
    combined.add("COUNT(*) AS " + INCARNATIONS);
    return "SELECT "
        + String.join(", ", combined)
        + " FROM "
        + table
        + " latest WHERE "
        + condition
        + " GROUP BY "
        + keys;
  }

  /**
   * Combines the incarnations of each window key from {@code latestPanes}, a query with the table's
   * columns and one row per incarnation and window key.
   */
  private String combineSql(String latestPanes, Function<ColumnType, String> typeName) {
    String keys = String.join(", ", source.windowKeyColumns());
    String perWindowKey = " OVER (PARTITION BY " + keys + ")";
    // Explicit casts keep every column's type on every dialect: SUM of BIGINT is NUMERIC on H2 and
    // PostgreSQL, and SUM of DOUBLE is DECFLOAT on H2.
    String asDouble = " AS " + typeName.apply(ColumnType.FLOAT64) + ")";
    String asLong = " AS " + typeName.apply(ColumnType.INT64) + ")";
    String users = WarehouseTables.USERS;
    List<String> combined = new ArrayList<>();
    for (Column column : source.columns()) {
      String name = column.name();
      switch (role(source, column)) {
        case KEY, PANE -> combined.add(name);
        case COUNT ->
            combined.add("CAST(SUM(" + name + ")" + perWindowKey + asLong + " AS " + name);
        case AVERAGE ->
            combined.add(
                "CAST(SUM("
                    + name
                    + " * "
                    + users
                    + ")"
                    + perWindowKey
                    + " / SUM("
                    + users
                    + ")"
                    + perWindowKey
                    + asDouble
                    + " AS "
                    + name);
        case INCARNATION -> {}
      }
    }
    combined.add("COUNT(*)" + perWindowKey + " AS " + INCARNATIONS);
    combined.add(
        "ROW_NUMBER() OVER (PARTITION BY "
            + keys
            + " ORDER BY "
            + WarehouseTables.EMITTED_AT
            + " DESC, "
            + WarehouseTables.PANE_INDEX
            + " DESC) AS recency");
    // Inner: each incarnation's latest pane; middle: combine the incarnations of each window key
    // with window aggregates (which keep the pane columns as they are, unlike MAX over a string)
    // and rank them by recency; outer: one row per window key, the most recent pane's.
    return "SELECT "
        + String.join(", ", columnNames())
        + " FROM (SELECT "
        + String.join(", ", combined)
        + " FROM ("
        + latestPanes
        + ") latest) combined WHERE recency = 1";
  }

  /**
   * The latest pane of each window key of one incarnation, with the table's columns: what that
   * pipeline incarnation alone counted (a run's own figures, unlike the view, which combines every
   * incarnation).
   *
   * @param tableReference as for {@link #selectSql}
   * @param jobIdParameter the query parameter standing for the incarnation id: {@code ?} for JDBC,
   *     {@code @job_id} for BigQuery
   */
  public String incarnationSelectSql(UnaryOperator<String> tableReference, String jobIdParameter) {
    return incarnationSelectSql(tableReference, jobIdParameter, "");
  }

  /**
   * As {@link #incarnationSelectSql(UnaryOperator, String)}, reading only the table's rows that
   * also satisfy {@code condition} (before ranking), e.g. a partition filter on BigQuery.
   *
   * @param condition a condition on the table's columns; empty for none
   */
  public String incarnationSelectSql(
      UnaryOperator<String> tableReference, String jobIdParameter, String condition) {
    return latestPaneSql(
        tableReference,
        String.join(", ", source.windowKeyColumns()),
        " WHERE "
            + WarehouseTables.JOB_ID
            + " = "
            + jobIdParameter
            + (condition.isEmpty() ? "" : " AND " + condition));
  }

  /**
   * The pane table's rows ranked by pane within {@code partition}, keeping the latest of each: the
   * one definition of "latest pane", which {@link LatestPaneTable#backfillSql} reuses.
   */
  String latestPaneSql(String partition) {
    return latestPaneSql(UnaryOperator.identity(), partition, "");
  }

  private String latestPaneSql(
      UnaryOperator<String> tableReference, String partition, String where) {
    String columns = String.join(", ", source.columnNames());
    return "SELECT "
        + columns
        + " FROM (SELECT "
        + columns
        + ", ROW_NUMBER() OVER (PARTITION BY "
        + partition
        + " ORDER BY "
        + WarehouseTables.PANE_INDEX
        + " DESC, "
        + WarehouseTables.EMITTED_AT
        + " DESC) AS pane_rank FROM "
        + tableReference.apply(source.name())
        + where
        + ") ranked WHERE pane_rank = 1";
  }

  /** {@code CREATE OR REPLACE VIEW name AS ...} for H2 and PostgreSQL. */
  public String createViewSql() {
    return "CREATE OR REPLACE VIEW " + name + " AS " + selectSql(UnaryOperator.identity());
  }

  private enum Role {
    KEY,
    PANE,
    INCARNATION,
    COUNT,
    AVERAGE
  }

  private static Role role(WarehouseTable table, Column column) {
    if (table.windowKeyColumns().contains(column.name())) {
      return Role.KEY;
    }
    if (PANE_COLUMNS.contains(column.name())) {
      return Role.PANE;
    }
    if (column.name().equals(WarehouseTables.JOB_ID)) {
      return Role.INCARNATION;
    }
    return switch (column.type()) {
      case INT64 -> Role.COUNT;
      case FLOAT64 -> Role.AVERAGE;
      default ->
          throw new IllegalArgumentException(
              table.name() + "." + column.name() + " is neither a key, a count nor an average");
    };
  }
}
