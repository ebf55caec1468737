package io.demostream.control.insights;

import io.demostream.control.testing.TestWarehouses;
import io.demostream.control.warehouse.JdbcWarehouse;
import io.demostream.control.warehouse.WarehouseProperties;
import io.demostream.events.warehouse.LatestPaneRollup;
import io.demostream.events.warehouse.LatestPaneTable;
import io.demostream.events.warehouse.SqlDialect;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.ConnectionCallback;

/**
 * A JDBC warehouse for tests with the tables, latest-pane tables and views of the shared
 * definition, and pane rows written as the pipeline's JDBC sink writes them: one row per pane into
 * the pane table, and the same values upserted into its latest-pane table, whose hourly sums
 * follow.
 */
final class InsightsWarehouse implements AutoCloseable {

  /** Pane table column naming the pipeline incarnation, once the definition has it. */
  static final String JOB_ID = "job_id";

  private final JdbcWarehouse warehouse;
  private String jobId;

  private InsightsWarehouse(String jdbcUrl) {
    this.warehouse =
        TestWarehouses.withTables(
            TestWarehouses.warehouse(WarehouseProperties.Type.JDBC, jdbcUrl, Path.of("target")));
    for (LatestPaneTable table : WarehouseViews.LATEST_PANE_TABLES) {
      warehouse.jdbcTemplate().execute(table.createTableSql());
    }
    for (LatestPaneRollup rollup : WarehouseViews.ROLLUPS) {
      warehouse.jdbcTemplate().execute(rollup.createBucketTableSql());
      warehouse.jdbcTemplate().execute(rollup.createTableSql());
    }
    for (WarehouseView view : WarehouseViews.ALL) {
      warehouse.jdbcTemplate().execute(view.createViewSql());
    }
  }

  /** A fresh in-memory H2 warehouse. */
  static InsightsWarehouse h2() {
    return new InsightsWarehouse(
        "jdbc:h2:mem:insights-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  /** A warehouse at the given URL (for PostgreSQL, a URL naming a fresh schema). */
  static InsightsWarehouse onUrl(String jdbcUrl) {
    return new InsightsWarehouse(jdbcUrl);
  }

  JdbcWarehouse jdbc() {
    return warehouse;
  }

  JdbcInsightsRepository repository() {
    return new JdbcInsightsRepository(warehouse);
  }

  /** Rows written from now on belong to this pipeline incarnation. */
  InsightsWarehouse incarnation(String jobId) {
    this.jobId = jobId;
    return this;
  }

  InsightsWarehouse summary(
      String start,
      String end,
      String timing,
      int pane,
      long male,
      long female,
      long other,
      double avgAge,
      double avgRegisteredAge) {
    Map<String, Object> row = pane(start, end, timing, pane);
    row.put("users", male + female + other);
    row.put("male", male);
    row.put("female", female);
    row.put("other_gender", other);
    row.put("avg_age", avgAge);
    row.put("avg_registered_age", avgRegisteredAge);
    return insert(WarehouseTables.WINDOW_SUMMARY, row);
  }

  InsightsWarehouse countryGender(
      String start,
      String end,
      String timing,
      int pane,
      String country,
      String gender,
      long users,
      double avgAge,
      double avgRegisteredAge) {
    Map<String, Object> row = pane(start, end, timing, pane);
    row.put("country", country);
    row.put("gender", gender);
    row.put("users", users);
    row.put("avg_age", avgAge);
    row.put("avg_registered_age", avgRegisteredAge);
    return insert(WarehouseTables.WINDOW_BY_COUNTRY_GENDER, row);
  }

  InsightsWarehouse ageBand(
      String start, String end, String timing, int pane, String band, long users) {
    Map<String, Object> row = pane(start, end, timing, pane);
    row.put("age_band", band);
    row.put("users", users);
    return insert(WarehouseTables.WINDOW_BY_AGE_BAND, row);
  }

  /**
   * Instants in the tests are written as {@code HH:MM} or {@code HH:MM:SS} on 2026-12-01, or in
   * full as {@link Instant#toString()} writes them.
   */
  static Instant at(String time) {
    if (time.contains("T")) {
      return Instant.parse(time);
    }
    return Instant.parse("2026-12-01T" + (time.length() == 5 ? time + ":00" : time) + "Z");
  }

  private Map<String, Object> pane(String start, String end, String timing, int pane) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put(WarehouseTables.WINDOW_START, Timestamp.from(at(start)));
    row.put(WarehouseTables.WINDOW_END, Timestamp.from(at(end)));
    row.put(WarehouseTables.PANE_TIMING, timing);
    row.put(WarehouseTables.PANE_INDEX, (long) pane);
    // Emitted when the window ends plus a few seconds per pane: later panes are emitted later.
    row.put(WarehouseTables.EMITTED_AT, Timestamp.from(at(end).plusSeconds(5L + 30L * pane)));
    return row;
  }

  /**
   * The sink's writes, with the row's values in the table's column order: the insert, then in one
   * transaction the upsert of the latest pane and the refresh of its hour.
   */
  private InsightsWarehouse insert(WarehouseTable table, Map<String, Object> row) {
    row.put(JOB_ID, jobId);
    Object[] values = table.columnNames().stream().map(row::get).toArray();
    warehouse.jdbcTemplate().update(table.insertSql(), values);
    LatestPaneTable latest = WarehouseViews.latestPanesOf(table).orElseThrow();
    Instant hour =
        LatestPaneRollup.bucketOf(((Timestamp) row.get(WarehouseTables.WINDOW_START)).toInstant());
    warehouse
        .jdbcTemplate()
        .execute(
            (ConnectionCallback<Void>)
                connection -> {
                  connection.setAutoCommit(false);
                  try (PreparedStatement upsert =
                      connection.prepareStatement(
                          latest.upsertSql(SqlDialect.ofJdbcUrl(warehouse.jdbcUrl())))) {
                    for (int i = 0; i < values.length; i++) {
                      upsert.setObject(i + 1, values[i]);
                    }
                    upsert.executeUpdate();
                    Optional<LatestPaneRollup> rollup = WarehouseViews.rollupOf(latest);
                    if (rollup.isPresent()) {
                      rollup.get().refresh(connection, hour);
                    }
                    connection.commit();
                  } finally {
                    connection.setAutoCommit(true);
                  }
                  return null;
                });
    return this;
  }

  @Override
  public void close() {
    warehouse.destroy();
  }
}
