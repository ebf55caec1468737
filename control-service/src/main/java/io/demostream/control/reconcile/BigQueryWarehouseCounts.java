package io.demostream.control.reconcile;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseViews;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** {@link WarehouseCounts} of the BigQuery warehouse, by parameterised standard SQL queries. */
final class BigQueryWarehouseCounts implements WarehouseCounts {

  private static final String JOB_ID = "job_id";

  private final BigQuery bigQuery;
  private final String latestPanes;
  private final String deadLetters;

  /**
   * @param projectId project of the dataset
   * @param dataset the warehouse dataset
   */
  BigQueryWarehouseCounts(BigQuery bigQuery, String projectId, String dataset) {
    this.bigQuery = bigQuery;
    UnaryOperator<String> table = name -> "`" + projectId + "." + dataset + "." + name + "`";
    this.latestPanes =
        "SELECT "
            + WarehouseTables.WINDOW_START
            + ", "
            + WarehouseTables.USERS
            + " FROM ("
            + WarehouseViews.LATEST_WINDOW_SUMMARY.incarnationSelectSql(table, "@" + JOB_ID)
            + ") latest";
    this.deadLetters =
        "SELECT COUNT(*) AS dead_letters FROM "
            + table.apply(WarehouseTables.DEAD_LETTER.name())
            + " WHERE "
            + WarehouseTables.JOB_ID
            + " = @"
            + JOB_ID
            + " AND NOT STARTS_WITH(error, '"
            + SINK_REJECTION_PREFIX
            + "')";
  }

  @Override
  public IncarnationCounts count(String incarnationId, WindowTiling tiling) {
    List<WindowPane> panes = new ArrayList<>();
    for (FieldValueList row : query(latestPanes, incarnationId)) {
      long micros = row.get(WarehouseTables.WINDOW_START).getTimestampValue();
      panes.add(
          new WindowPane(
              Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
              row.get(WarehouseTables.USERS).getLongValue()));
    }
    long dead = 0;
    for (FieldValueList row : query(deadLetters, incarnationId)) {
      dead = row.get("dead_letters").getLongValue();
    }
    return new IncarnationCounts(WindowPane.countedUsers(panes, tiling), dead, tiling.describe());
  }

  private Iterable<FieldValueList> query(String sql, String incarnationId) {
    QueryJobConfiguration query =
        QueryJobConfiguration.newBuilder(sql)
            .setUseLegacySql(false)
            .addNamedParameter(JOB_ID, QueryParameterValue.string(incarnationId))
            .build();
    try {
      return bigQuery.query(query).iterateAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying BigQuery", e);
    }
  }
}
