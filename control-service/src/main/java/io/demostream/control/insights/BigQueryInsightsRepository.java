package io.demostream.control.insights;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import io.demostream.control.warehouse.BigQueryStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link InsightsRepository} on BigQuery: the {@link InsightsSql} queries on the views of the
 * configured dataset, with the range bound as TIMESTAMP query parameters (never spliced into the
 * SQL). Every query filters on {@code window_start}, the tables' day partition column, which the
 * views pass through, so BigQuery reads only the days in range. Wrap it in a {@link
 * CachingInsightsRepository} so that viewers share answers. Public only for {@link #statements},
 * the list of its SQL that a test analyzes with ZetaSQL.
 */
public class BigQueryInsightsRepository implements InsightsRepository {

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
        windows(sql()),
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
  public List<CountryWindowRow> countryWindows(TimeRange range, String country) {
    return query(
        countryWindows(sql()),
        List.of(
            timestamp(range.from()), timestamp(range.to()), QueryParameterValue.string(country)),
        row ->
            new CountryWindowRow(
                instant(row.get(0)),
                instant(row.get(1)),
                row.get(2).getLongValue(),
                row.get(3).getLongValue(),
                row.get(4).getLongValue(),
                row.get(5).getLongValue()));
  }

  @Override
  public List<AgeGroupRow> ageGroups(TimeRange range, AgeGrouping by) {
    return query(
        ageGroups(sql(), by),
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
        ageBands(sql()),
        range,
        row ->
            new AgeBandRow(row.get("age_band").getStringValue(), row.get("users").getLongValue()));
  }

  /**
   * Every statement this repository sends, rendered for a dataset: the windows, one country's
   * windows, the age groups by each {@link AgeGrouping}, the age bands.
   */
  public static List<BigQueryStatement> statements(String project, String dataset) {
    InsightsSql sql = InsightsSql.bigQuery(project, dataset);
    List<BigQueryStatement> statements = new ArrayList<>();
    statements.add(windows(sql));
    statements.add(countryWindows(sql));
    Arrays.stream(AgeGrouping.values()).map(by -> ageGroups(sql, by)).forEach(statements::add);
    statements.add(ageBands(sql));
    return statements;
  }

  private static BigQueryStatement windows(InsightsSql sql) {
    return inRange("insights windows", sql.windows());
  }

  private static BigQueryStatement countryWindows(InsightsSql sql) {
    return BigQueryStatement.positional(
        "insights country windows",
        sql.countryWindows(),
        StandardSQLTypeName.TIMESTAMP,
        StandardSQLTypeName.TIMESTAMP,
        StandardSQLTypeName.STRING);
  }

  private static BigQueryStatement ageGroups(InsightsSql sql, AgeGrouping by) {
    return inRange("insights age groups by " + by.parameter(), sql.ageGroups(by));
  }

  private static BigQueryStatement ageBands(InsightsSql sql) {
    return inRange("insights age bands", sql.ageBands());
  }

  /** A statement whose parameters are the range's from and to. */
  private static BigQueryStatement inRange(String name, String sql) {
    return BigQueryStatement.positional(
        name, sql, StandardSQLTypeName.TIMESTAMP, StandardSQLTypeName.TIMESTAMP);
  }

  private <T> List<T> query(
      BigQueryStatement statement, TimeRange range, Function<FieldValueList, T> mapper) {
    return query(statement, List.of(timestamp(range.from()), timestamp(range.to())), mapper);
  }

  private <T> List<T> query(
      BigQueryStatement statement,
      List<QueryParameterValue> parameters,
      Function<FieldValueList, T> mapper) {
    TableResult result;
    try {
      result = bigQuery.get().query(statement.query(parameters));
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
