package io.demostream.control.alerts.evaluation;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import io.demostream.control.warehouse.BigQueryStatement;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Stored panes of the BigQuery warehouse for a dry run: the latest-pane views ({@code
 * latest_window_by_country_gender}, {@code latest_window_by_age_band}) of the range in <b>one</b>
 * query (the two as one {@code UNION ALL}, the range bound as TIMESTAMP parameters and filtered on
 * {@code window_start}, the tables' partition column), the age sums rebuilt from the weighted
 * averages. Only a dry run reads it, once per request; evaluation never queries the warehouse.
 * Public only for {@link #statements}, which a test analyzes with ZetaSQL.
 */
public class BigQueryStoredPanes implements StoredPanes {

  private final Supplier<BigQuery> bigQuery;
  private final String dataset;
  private volatile BigQueryStatement statement;

  /**
   * @param bigQuery the client, taken on the first dry run
   * @param dataset the dataset holding the {@code latest_*} views, in the client's project
   */
  public BigQueryStoredPanes(Supplier<BigQuery> bigQuery, String dataset) {
    this.bigQuery = bigQuery;
    this.dataset = dataset;
  }

  /** The statement a dry run sends, rendered for a dataset. */
  public static List<BigQueryStatement> statements(String project, String dataset) {
    return List.of(statement(project, dataset));
  }

  private static BigQueryStatement statement(String project, String dataset) {
    String start = WarehouseTables.WINDOW_START;
    String end = WarehouseTables.WINDOW_END;
    String inRange = " WHERE " + start + " >= @range_start AND " + start + " < @range_end";
    return BigQueryStatement.named(
        "alerts dry run panes",
        "SELECT "
            + start
            + ", "
            + end
            + ", country, gender, CAST(NULL AS STRING) AS age_band, users, avg_age,"
            + " avg_registered_age FROM "
            + view(project, dataset, WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER)
            + inRange
            + " UNION ALL SELECT "
            + start
            + ", "
            + end
            + ", CAST(NULL AS STRING), CAST(NULL AS STRING), age_band, users,"
            + " CAST(NULL AS FLOAT64), CAST(NULL AS FLOAT64) FROM "
            + view(project, dataset, WarehouseViews.LATEST_WINDOW_BY_AGE_BAND)
            + inRange
            + " ORDER BY "
            + start
            + ", "
            + end,
        Map.of(
            "range_start", StandardSQLTypeName.TIMESTAMP,
            "range_end", StandardSQLTypeName.TIMESTAMP));
  }

  private static String view(String project, String dataset, WarehouseView view) {
    return "`" + project + "." + dataset + "." + view.name() + "`";
  }

  @Override
  public List<io.demostream.events.panes.WindowPaneMessage> latest(Instant from, Instant to) {
    TableResult result;
    try {
      result =
          bigQuery
              .get()
              .query(
                  statement()
                      .query(
                          Map.of(
                              "range_start", timestamp(from),
                              "range_end", timestamp(to))));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying BigQuery", e);
    }
    StoredPaneBuilder windows = new StoredPaneBuilder();
    for (FieldValueList row : result.iterateAll()) {
      long windowStart = millis(row.get(0));
      long windowEnd = millis(row.get(1));
      long users = row.get(5).getLongValue();
      if (row.get(4).isNull()) {
        windows.cell(
            windowStart,
            windowEnd,
            row.get(2).getStringValue(),
            row.get(3).getStringValue(),
            users,
            row.get(6).getDoubleValue() * users,
            row.get(7).getDoubleValue() * users);
      } else {
        windows.ageBand(windowStart, windowEnd, row.get(4).getStringValue(), users);
      }
    }
    return windows.build();
  }

  private BigQueryStatement statement() {
    BigQueryStatement current = statement;
    if (current == null) {
      current = statement(bigQuery.get().getOptions().getProjectId(), dataset);
      statement = current;
    }
    return current;
  }

  private static QueryParameterValue timestamp(Instant instant) {
    return QueryParameterValue.timestamp(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
  }

  private static long millis(FieldValue value) {
    return value.getTimestampInstant().toEpochMilli();
  }
}
