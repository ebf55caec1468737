package io.demostream.control.backfills;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import io.demostream.control.warehouse.BigQueryStatement;
import io.demostream.events.warehouse.WarehouseTables;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link CountedWindows} of the BigQuery warehouse: one parameterised query, filtered on the
 * partition column ({@code window_start}) to the range and the day before it (no window is longer
 * than a day), so BigQuery reads only those partitions. Public only for {@link #statements}, which
 * a test analyzes with ZetaSQL.
 */
public final class BigQueryCountedWindows implements CountedWindows {

  private static final String START = "range_start";
  private static final String END = "range_end";
  private static final String EXCEPT = "except_job_id";
  private static final Map<String, StandardSQLTypeName> PARAMETERS =
      Map.of(
          START, StandardSQLTypeName.TIMESTAMP,
          END, StandardSQLTypeName.TIMESTAMP,
          EXCEPT, StandardSQLTypeName.STRING);

  private final BigQuery bigQuery;
  private final BigQueryStatement statement;

  BigQueryCountedWindows(BigQuery bigQuery, String projectId, String dataset) {
    this.bigQuery = bigQuery;
    this.statement = statement(projectId, dataset);
  }

  /** The statement this check sends, rendered for a dataset. */
  public static List<BigQueryStatement> statements(String projectId, String dataset) {
    return List.of(statement(projectId, dataset));
  }

  private static BigQueryStatement statement(String projectId, String dataset) {
    return BigQueryStatement.named(
        "backfill overlap",
        "SELECT MIN("
            + WarehouseTables.WINDOW_START
            + ") AS first_start, MAX("
            + WarehouseTables.WINDOW_END
            + ") AS last_end, COUNT(*) AS panes FROM `"
            + projectId
            + "."
            + dataset
            + "."
            + WarehouseTables.WINDOW_SUMMARY.name()
            + "` WHERE "
            + WarehouseTables.WINDOW_START
            + " >= TIMESTAMP_SUB(@"
            + START
            + ", INTERVAL 1 DAY) AND "
            + WarehouseTables.WINDOW_START
            + " < @"
            + END
            + " AND "
            + WarehouseTables.WINDOW_END
            + " > @"
            + START
            + " AND "
            + WarehouseTables.JOB_ID
            + " <> @"
            + EXCEPT,
        PARAMETERS);
  }

  @Override
  public Optional<CountedSpan> intersecting(Instant start, Instant end, String exceptIncarnation) {
    Map<String, QueryParameterValue> values = new LinkedHashMap<>();
    values.put(START, timestamp(start));
    values.put(END, timestamp(end));
    values.put(EXCEPT, QueryParameterValue.string(exceptIncarnation));
    try {
      for (FieldValueList row : bigQuery.query(statement.query(values)).iterateAll()) {
        long panes = row.get("panes").getLongValue();
        if (panes == 0) {
          return Optional.empty();
        }
        return Optional.of(
            new CountedSpan(instant(row.get("first_start")), instant(row.get("last_end")), panes));
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying BigQuery", e);
    }
  }

  private static QueryParameterValue timestamp(Instant instant) {
    return QueryParameterValue.timestamp(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
  }

  private static Instant instant(FieldValue value) {
    return Instant.EPOCH.plus(value.getTimestampValue(), ChronoUnit.MICROS);
  }
}
