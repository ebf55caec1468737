package io.demostream.control.insights;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link InsightsRepository} on BigQuery: the {@link InsightsSql} queries on the views of the
 * configured dataset, with the range bound as TIMESTAMP query parameters (never spliced into the
 * SQL). Every query filters on {@code window_start}, the tables' day partition column, which the
 * views pass through, so BigQuery reads only the days in range. Wrap it in a {@link
 * CachingInsightsRepository} so that viewers share answers.
 */
class BigQueryInsightsRepository implements InsightsRepository {

  private final Supplier<BigQuery> bigQuery;
  private final String dataset;
  private volatile InsightsSql sql;

  /**
   * @param bigQuery the client, taken on first query (a JDBC deployment never builds one)
   * @param dataset the dataset holding the {@code latest_*} views, in the client's project
   */
  BigQueryInsightsRepository(Supplier<BigQuery> bigQuery, String dataset) {
    this.bigQuery = bigQuery;
    this.dataset = dataset;
  }

  @Override
  public List<WindowRow> windows(TimeRange range) {
    return query(
        sql().windows(),
        range,
        row ->
            new WindowRow(
                instant(row.get(0)),
                instant(row.get(1)),
                row.get(2).getLongValue(),
                row.get(3).getLongValue(),
                row.get(4).getLongValue(),
                row.get(5).getLongValue(),
                row.get(6).getDoubleValue(),
                row.get(7).getDoubleValue(),
                row.get(8).getStringValue(),
                row.get(9).isNull() ? null : instant(row.get(9))));
  }

  @Override
  public List<AgeGroupRow> ageGroups(TimeRange range, AgeGrouping by) {
    return query(
        sql().ageGroups(by),
        range,
        row ->
            new AgeGroupRow(
                by.byCountry() ? row.get("country").getStringValue() : null,
                by.byGender() ? row.get("gender").getStringValue() : null,
                row.get("users").getLongValue(),
                row.get("age_sum").getDoubleValue(),
                row.get("registered_age_sum").getDoubleValue()));
  }

  @Override
  public List<AgeBandRow> ageBands(TimeRange range) {
    return query(
        sql().ageBands(),
        range,
        row ->
            new AgeBandRow(row.get("age_band").getStringValue(), row.get("users").getLongValue()));
  }

  private <T> List<T> query(String sql, TimeRange range, Function<FieldValueList, T> mapper) {
    QueryJobConfiguration query =
        QueryJobConfiguration.newBuilder(sql)
            .setUseLegacySql(false)
            .addPositionalParameter(timestamp(range.from()))
            .addPositionalParameter(timestamp(range.to()))
            .build();
    TableResult result;
    try {
      result = bigQuery.get().query(query);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying BigQuery", e);
    }
    List<T> rows = new ArrayList<>();
    for (FieldValueList row : result.iterateAll()) {
      rows.add(mapper.apply(row));
    }
    return rows;
  }

  private InsightsSql sql() {
    InsightsSql current = sql;
    if (current == null) {
      current = InsightsSql.bigQuery(bigQuery.get().getOptions().getProjectId(), dataset);
      sql = current;
    }
    return current;
  }

  private static QueryParameterValue timestamp(Instant instant) {
    return QueryParameterValue.timestamp(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
  }

  private static Instant instant(FieldValue value) {
    return value.getTimestampInstant();
  }
}
