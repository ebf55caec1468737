package io.demostream.control.insights;

import io.demostream.control.warehouse.JdbcWarehouse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@link InsightsRepository} on the JDBC warehouse: embedded H2 or PostgreSQL, read through its
 * latest-pane tables and their hourly sums ({@link InsightsSql#jdbc()}).
 */
class JdbcInsightsRepository implements InsightsRepository {

  private final JdbcWarehouse warehouse;
  private final InsightsSql sql;

  JdbcInsightsRepository(JdbcWarehouse warehouse) {
    this(warehouse, InsightsSql.jdbc());
  }

  JdbcInsightsRepository(JdbcWarehouse warehouse, InsightsSql sql) {
    this.warehouse = warehouse;
    this.sql = sql;
  }

  @Override
  public List<WindowRow> windows(TimeRange range) {
    return warehouse
        .jdbcTemplate()
        .query(
            sql.windows(),
            (rs, i) ->
                new WindowRow(
                    instant(rs, 1),
                    instant(rs, 2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getLong(5),
                    rs.getLong(6),
                    rs.getDouble(7),
                    rs.getDouble(8),
                    rs.getString(9),
                    instant(rs, 10)),
            bounds(sql.windowParameters(range)));
  }

  @Override
  public List<CountryWindowRow> countryWindows(TimeRange range, String country) {
    List<Object> parameters =
        new java.util.ArrayList<>(List.of(bounds(sql.windowParameters(range))));
    parameters.add(country);
    return warehouse
        .jdbcTemplate()
        .query(
            sql.countryWindows(),
            (rs, i) ->
                new CountryWindowRow(
                    instant(rs, 1),
                    instant(rs, 2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getLong(5),
                    rs.getLong(6)),
            parameters.toArray());
  }

  @Override
  public List<AgeGroupRow> ageGroups(TimeRange range, AgeGrouping by) {
    return warehouse
        .jdbcTemplate()
        .query(
            sql.ageGroups(by),
            (rs, i) ->
                new AgeGroupRow(
                    by.byCountry() ? rs.getString("country") : null,
                    by.byGender() ? rs.getString("gender") : null,
                    rs.getLong("users"),
                    rs.getDouble("age_sum"),
                    rs.getDouble("registered_age_sum")),
            bounds(sql.aggregateParameters(range)));
  }

  @Override
  public List<AgeBandRow> ageBands(TimeRange range) {
    return warehouse
        .jdbcTemplate()
        .query(
            sql.ageBands(),
            (rs, i) -> new AgeBandRow(rs.getString("age_band"), rs.getLong("users")),
            bounds(sql.aggregateParameters(range)));
  }

  private static Object[] bounds(List<Instant> instants) {
    return instants.stream().map(instant -> instant.atOffset(ZoneOffset.UTC)).toArray();
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
