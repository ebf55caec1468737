package io.demostream.control.reconcile;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import io.demostream.control.warehouse.BigQueryStatement;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseViews;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@link WarehouseCounts} of the BigQuery warehouse, by parameterised standard SQL queries. Each
 * query filters on the table's partition column ({@link WarehouseTable#partitionColumn()}: {@code
 * window_start} of the panes, {@code received_at} of the dead letters) from {@link
 * #PARTITION_MARGIN} before the run started, so BigQuery reads only the days of the run instead of
 * the whole table. Public only for {@link #statements}, the list of its SQL that a test analyzes
 * with ZetaSQL.
 */
public final class BigQueryWarehouseCounts implements WarehouseCounts {

  /**
   * How far before the run's start its incarnation's rows may lie: users arriving late belong to
   * earlier windows. Partitions are days, so a day costs at most one more partition.
   */
  static final Duration PARTITION_MARGIN = Duration.ofDays(1);

  private static final String JOB_ID = "job_id";
  private static final String SINCE = "since";
  private static final Map<String, StandardSQLTypeName> PARAMETERS =
      Map.of(JOB_ID, StandardSQLTypeName.STRING, SINCE, StandardSQLTypeName.TIMESTAMP);

  private final BigQuery bigQuery;
  private final BigQueryStatement latestPanes;
  private final BigQueryStatement deadLetters;

  /**
   * @param projectId project of the dataset
   * @param dataset the warehouse dataset
   */
  BigQueryWarehouseCounts(BigQuery bigQuery, String projectId, String dataset) {
    this.bigQuery = bigQuery;
    this.latestPanes = latestPanes(projectId, dataset);
    this.deadLetters = deadLetters(projectId, dataset);
  }

  /** Every statement these counts send, rendered for a dataset. */
  public static List<BigQueryStatement> statements(String projectId, String dataset) {
    return List.of(latestPanes(projectId, dataset), deadLetters(projectId, dataset));
  }

  private static BigQueryStatement latestPanes(String projectId, String dataset) {
    WarehouseTable panes = WarehouseViews.LATEST_WINDOW_SUMMARY.source();
    return BigQueryStatement.named(
        "reconcile latest panes",
        "SELECT "
            + WarehouseTables.WINDOW_START
            + ", "
            + WarehouseTables.USERS
            + " FROM ("
            + WarehouseViews.LATEST_WINDOW_SUMMARY.incarnationSelectSql(
                table(projectId, dataset), "@" + JOB_ID, sinceCondition(panes))
            + ") latest",
        PARAMETERS);
  }

  private static BigQueryStatement deadLetters(String projectId, String dataset) {
    WarehouseTable deadLetter = WarehouseTables.DEAD_LETTER;
    return BigQueryStatement.named(
        "reconcile dead letters",
        "SELECT COUNT(*) AS dead_letters FROM "
            + table(projectId, dataset).apply(deadLetter.name())
            + " WHERE "
            + WarehouseTables.JOB_ID
            + " = @"
            + JOB_ID
            + " AND "
            + sinceCondition(deadLetter)
            + " AND NOT STARTS_WITH(error, '"
            + SINK_REJECTION_PREFIX
            + "')",
        PARAMETERS);
  }

  private static String sinceCondition(WarehouseTable table) {
    return table.partitionColumn() + " >= @" + SINCE;
  }

  private static UnaryOperator<String> table(String projectId, String dataset) {
    return name -> "`" + projectId + "." + dataset + "." + name + "`";
  }

  @Override
  public IncarnationCounts count(String incarnationId, WindowTiling tiling, Instant runStarted) {
    Map<String, QueryParameterValue> parameters = new LinkedHashMap<>();
    parameters.put(JOB_ID, QueryParameterValue.string(incarnationId));
    parameters.put(
        SINCE,
        QueryParameterValue.timestamp(
            ChronoUnit.MICROS.between(Instant.EPOCH, runStarted.minus(PARTITION_MARGIN))));
    List<WindowPane> panes = new ArrayList<>();
    for (FieldValueList row : query(latestPanes, parameters)) {
      long micros = row.get(WarehouseTables.WINDOW_START).getTimestampValue();
      panes.add(
          new WindowPane(
              Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
              row.get(WarehouseTables.USERS).getLongValue()));
    }
    long dead = 0;
    for (FieldValueList row : query(deadLetters, parameters)) {
      dead = row.get("dead_letters").getLongValue();
    }
    return new IncarnationCounts(WindowPane.countedUsers(panes, tiling), dead, tiling.describe());
  }

  private Iterable<FieldValueList> query(
      BigQueryStatement statement, Map<String, QueryParameterValue> parameters) {
    try {
      return bigQuery.query(statement.query(parameters)).iterateAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying BigQuery", e);
    }
  }
}
