package io.demostream.events.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the one warehouse definition on H2 (the local warehouse) and, when {@value #POSTGRES_ENV} is
 * set, on a real PostgreSQL, with the same fixed rows: tables created by the definition before
 * {@code job_id} existed and upgraded in place, old rows without an incarnation, two incarnations
 * writing several panes into one window, and a late pane. The views must combine the latest pane of
 * each incarnation.
 */
class WarehouseSqlTests {

  static final String POSTGRES_ENV = "DEMOSTREAM_TEST_POSTGRES_URL";

  private static final String WINDOW = "2026-11-27T10:00:00Z";
  private static final String NEXT_WINDOW = "2026-11-27T10:10:00Z";

  @Test
  void viewsCombineIncarnationsOnH2() throws Exception {
    try (Connection connection =
        DriverManager.getConnection("jdbc:h2:mem:views-" + UUID.randomUUID())) {
      assertViewsCombineIncarnations(connection);
    }
  }

  @Test
  void viewsCombineIncarnationsOnPostgres() throws Exception {
    String url = System.getenv(POSTGRES_ENV);
    if (url == null || url.isBlank()) {
      System.out.println(
          "WarehouseSqlTests: skipping PostgreSQL, "
              + POSTGRES_ENV
              + " is not set (eval \"$(.ci/postgres.sh start)\")");
    }
    Assumptions.assumeTrue(url != null && !url.isBlank(), POSTGRES_ENV + " is not set");
    String schema = "views_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
      statement.execute("SET search_path TO " + schema);
      try {
        assertViewsCombineIncarnations(connection);
      } finally {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static void assertViewsCombineIncarnations(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // A warehouse made before job_id existed, with a window counted by that old pipeline.
      for (WarehouseTable table : WarehouseTables.ALL) {
        statement.execute(withoutJobId(table).createTableSql());
      }
      for (WarehouseView view : WarehouseViews.ALL) {
        statement.execute(previousViewSql(view));
      }
      insert(connection, withoutJobId(WarehouseTables.WINDOW_SUMMARY), summary(0, "EARLY", 2, 30));
      insert(
          connection, withoutJobId(WarehouseTables.WINDOW_SUMMARY), summary(1, "ON_TIME", 3, 40));

      // Upgrade: idempotent, as the provisioner and the pipeline's sink run it on every start.
      for (int round = 0; round < 2; round++) {
        for (WarehouseTable table : WarehouseTables.ALL) {
          statement.execute(table.createTableSql());
          for (String sql : table.addNullableColumnsSql()) {
            statement.execute(sql);
          }
        }
        for (WarehouseView view : WarehouseViews.ALL) {
          // Replaces the previous view in place: same columns and types, one more at the end.
          statement.execute(view.createViewSql());
        }
      }
    }

    // Incarnation a: early, on-time, then a late pane emitted after everything else.
    insert(connection, WarehouseTables.WINDOW_SUMMARY, summary("a", 0, "EARLY", 4, 20, "10:07"));
    insert(connection, WarehouseTables.WINDOW_SUMMARY, summary("a", 1, "ON_TIME", 5, 30, "10:10"));
    insert(connection, WarehouseTables.WINDOW_SUMMARY, summary("a", 2, "LATE", 6, 35, "10:14"));
    // Incarnation b, a second run into the same window, also numbering its panes from 0.
    insert(connection, WarehouseTables.WINDOW_SUMMARY, summary("b", 0, "EARLY", 10, 50, "10:08"));
    insert(connection, WarehouseTables.WINDOW_SUMMARY, summary("b", 1, "ON_TIME", 12, 45, "10:11"));
    // Only b reaches the next window.
    Map<String, Object> next = summary("b", 0, "EARLY", 1, 60, "10:12");
    next.put(WarehouseTables.WINDOW_START, timestamp(NEXT_WINDOW));
    next.put(WarehouseTables.WINDOW_END, timestamp("2026-11-27T10:20:00Z"));
    insert(connection, WarehouseTables.WINDOW_SUMMARY, next);

    insert(connection, WarehouseTables.WINDOW_BY_COUNTRY_GENDER, byCountry("a", 0, "NO", 2, 30));
    insert(connection, WarehouseTables.WINDOW_BY_COUNTRY_GENDER, byCountry("a", 1, "NO", 3, 20));
    insert(connection, WarehouseTables.WINDOW_BY_COUNTRY_GENDER, byCountry("b", 0, "NO", 1, 60));
    insert(connection, WarehouseTables.WINDOW_BY_COUNTRY_GENDER, byCountry("b", 0, "FR", 4, 25));

    insert(connection, WarehouseTables.WINDOW_BY_AGE_BAND, byAgeBand(null, 0, 7));
    insert(connection, WarehouseTables.WINDOW_BY_AGE_BAND, byAgeBand("a", 0, 1));
    insert(connection, WarehouseTables.WINDOW_BY_AGE_BAND, byAgeBand("a", 1, 2));
    insert(connection, WarehouseTables.WINDOW_BY_AGE_BAND, byAgeBand("b", 0, 5));

    List<Map<String, Object>> summaries =
        query(
            connection,
            "SELECT window_start, pane_timing, pane_index, emitted_at, users, male, female,"
                + " other_gender, avg_age, incarnations FROM latest_window_summary"
                + " ORDER BY window_start");
    assertThat(summaries).hasSize(2);
    Map<String, Object> window = summaries.get(0);
    // Old rows (3) + a's late pane (6) + b's on-time pane (12); no pane replaced another.
    assertThat(window.get("users")).isEqualTo(21L);
    assertThat(window.get("male")).isEqualTo(11L);
    assertThat(window.get("female")).isEqualTo(10L);
    assertThat(window.get("other_gender")).isEqualTo(0L);
    assertThat((Double) window.get("avg_age"))
        .isCloseTo((3 * 40 + 6 * 35 + 12 * 45) / 21.0, within(1e-9));
    assertThat(window.get("incarnations")).isEqualTo(3L);
    // The most recently emitted pane: a's late one.
    assertThat(window.get("pane_timing")).isEqualTo("LATE");
    assertThat(window.get("pane_index")).isEqualTo(2L);
    assertThat(window.get("emitted_at")).isEqualTo(Instant.parse("2026-11-27T10:14:00Z"));
    assertThat(summaries.get(1))
        .containsEntry("users", 1L)
        .containsEntry("incarnations", 1L)
        .containsEntry("pane_timing", "EARLY");

    List<Map<String, Object>> byCountry =
        query(
            connection,
            "SELECT country, users, avg_age, incarnations FROM latest_window_by_country_gender"
                + " ORDER BY country");
    assertThat(byCountry).hasSize(2);
    assertThat(byCountry.get(0)).containsEntry("country", "FR").containsEntry("users", 4L);
    assertThat(byCountry.get(1)).containsEntry("country", "NO").containsEntry("users", 4L);
    assertThat((Double) byCountry.get(1).get("avg_age"))
        .isCloseTo((3 * 20 + 60) / 4.0, within(1e-9));
    assertThat(byCountry.get(1).get("incarnations")).isEqualTo(2L);

    assertThat(
            query(
                connection, "SELECT age_band, users, incarnations FROM latest_window_by_age_band"))
        .containsExactly(row("age_band", "25-34", "users", 14L, "incarnations", 3L));
  }

  /** The view as the definition had it before {@code job_id}: one latest pane per window key. */
  private static String previousViewSql(WarehouseView view) {
    String columns = String.join(", ", withoutJobId(view.source()).columnNames());
    return "CREATE VIEW "
        + view.name()
        + " AS SELECT "
        + columns
        + " FROM (SELECT "
        + columns
        + ", ROW_NUMBER() OVER (PARTITION BY "
        + String.join(", ", view.source().windowKeyColumns())
        + " ORDER BY pane_index DESC, emitted_at DESC) AS pane_rank FROM "
        + view.source().name()
        + ") ranked WHERE pane_rank = 1";
  }

  /** The table as the definition had it before {@code job_id}. */
  private static WarehouseTable withoutJobId(WarehouseTable table) {
    return new WarehouseTable(
        table.name(),
        table.description(),
        table.columns().stream()
            .filter(column -> !column.name().equals(WarehouseTables.JOB_ID))
            .toList(),
        table.partitionColumn(),
        table.clusterColumns(),
        table.windowKeyColumns());
  }

  private static Map<String, Object> summary(int pane, String timing, long users, double age) {
    Map<String, Object> row = summary(null, pane, timing, users, age, "10:0" + (5 + pane));
    row.remove(WarehouseTables.JOB_ID);
    return row;
  }

  private static Map<String, Object> summary(
      String jobId, int pane, String timing, long users, double age, String emitted) {
    Map<String, Object> row = pane(jobId, pane, timing, emitted);
    row.put("users", users);
    row.put("male", users / 2 + users % 2);
    row.put("female", users / 2);
    row.put("other_gender", 0L);
    row.put("avg_age", age);
    row.put("avg_registered_age", 5.0);
    return row;
  }

  private static Map<String, Object> byCountry(
      String jobId, int pane, String country, long users, double age) {
    Map<String, Object> row = pane(jobId, pane, "EARLY", "10:0" + (5 + pane));
    row.put("country", country);
    row.put("gender", "female");
    row.put("users", users);
    row.put("avg_age", age);
    row.put("avg_registered_age", 5.0);
    return row;
  }

  private static Map<String, Object> byAgeBand(String jobId, int pane, long users) {
    Map<String, Object> row = pane(jobId, pane, "EARLY", "10:0" + (5 + pane));
    row.put("age_band", "25-34");
    row.put("users", users);
    return row;
  }

  private static Map<String, Object> pane(String jobId, int pane, String timing, String emitted) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put(WarehouseTables.WINDOW_START, timestamp(WINDOW));
    row.put(WarehouseTables.WINDOW_END, timestamp("2026-11-27T10:10:00Z"));
    row.put(WarehouseTables.PANE_TIMING, timing);
    row.put(WarehouseTables.PANE_INDEX, (long) pane);
    row.put(WarehouseTables.EMITTED_AT, timestamp("2026-11-27T" + emitted + ":00Z"));
    row.put(WarehouseTables.JOB_ID, jobId);
    return row;
  }

  private static OffsetDateTime timestamp(String instant) {
    return OffsetDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
  }

  private static void insert(Connection connection, WarehouseTable table, Map<String, Object> row)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(table.insertSql())) {
      List<String> columns = table.columnNames();
      for (int i = 0; i < columns.size(); i++) {
        insert.setObject(i + 1, row.get(columns.get(i)));
      }
      insert.executeUpdate();
    }
  }

  /** Rows as maps, with numbers as Long or Double and timestamps as Instant on every database. */
  private static List<Map<String, Object>> query(Connection connection, String sql)
      throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int count = result.getMetaData().getColumnCount();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
          String label = result.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
          Object value = result.getObject(i);
          if (label.equals(WarehouseTables.EMITTED_AT) || label.equals("window_start")) {
            value = result.getObject(i, OffsetDateTime.class).toInstant();
          } else if (value instanceof Number number) {
            value =
                value instanceof Double || value instanceof Float
                    ? (Object) number.doubleValue()
                    : (Object) number.longValue();
          }
          row.put(label, value);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Map<String, Object> row(Object... keysAndValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      row.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return row;
  }
}
