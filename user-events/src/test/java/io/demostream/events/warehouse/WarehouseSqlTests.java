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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the one warehouse definition on H2 (the local warehouse) and, when {@value #POSTGRES_ENV} is
 * set, on a real PostgreSQL, with the same fixed rows: tables created by the definition before
 * {@code job_id} existed and upgraded in place, old rows without an incarnation, two incarnations
 * writing several panes into one window, and a late pane. The views must combine the latest pane of
 * each incarnation. The latest-pane tables, filled by backfill and by the sink's upsert with panes
 * arriving out of order, must hold exactly each incarnation's latest pane and answer as the views;
 * their hourly sums must equal the views' tiling windows summed per hour, also with concurrent
 * writers of one hour.
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
    onPostgres(WarehouseSqlTests::assertViewsCombineIncarnations);
  }

  @Test
  void latestPaneTablesKeepEachIncarnationsLatestPaneOnH2() throws Exception {
    try (Connection connection =
        DriverManager.getConnection("jdbc:h2:mem:latest-" + UUID.randomUUID())) {
      assertLatestPaneTables(connection, SqlDialect.H2);
    }
  }

  @Test
  void latestPaneTablesKeepEachIncarnationsLatestPaneOnPostgres() throws Exception {
    onPostgres(connection -> assertLatestPaneTables(connection, SqlDialect.POSTGRESQL));
  }

  @Test
  void hourlySumsFollowTheLatestPanesOnH2() throws Exception {
    try (Connection connection =
        DriverManager.getConnection("jdbc:h2:mem:hourly-" + UUID.randomUUID())) {
      assertHourlySums(connection, SqlDialect.H2);
    }
  }

  @Test
  void hourlySumsFollowTheLatestPanesOnPostgres() throws Exception {
    onPostgres(connection -> assertHourlySums(connection, SqlDialect.POSTGRESQL));
  }

  @Test
  void concurrentWritersOfOneHourLeaveItsSumsExactOnH2() throws Exception {
    String url = "jdbc:h2:mem:concurrent-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    assertConcurrentWritersLeaveExactSums(() -> DriverManager.getConnection(url), SqlDialect.H2);
  }

  @Test
  void concurrentWritersOfOneHourLeaveItsSumsExactOnPostgres() throws Exception {
    onPostgres(
        connection -> {
          String schema;
          try (Statement statement = connection.createStatement();
              ResultSet result = statement.executeQuery("SELECT CURRENT_SCHEMA")) {
            result.next();
            schema = result.getString(1);
          }
          String url = System.getenv(POSTGRES_ENV);
          assertConcurrentWritersLeaveExactSums(
              () -> {
                Connection writer = DriverManager.getConnection(url);
                try (Statement statement = writer.createStatement()) {
                  statement.execute("SET search_path TO " + schema);
                }
                return writer;
              },
              SqlDialect.POSTGRESQL);
        });
  }

  @Test
  void aFillCutShortIsDoneAgainByTheNextStart() throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:h2:mem:cut-short-" + UUID.randomUUID());
        Statement statement = connection.createStatement()) {
      WarehouseTable cells = WarehouseTables.WINDOW_BY_COUNTRY_GENDER;
      LatestPaneTable latest = WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER.latestPanes();
      LatestPaneRollup rollup = WarehouseViews.rollupOf(latest).orElseThrow();
      statement.execute(cells.createTableSql());
      insert(connection, cells, cell("a", WINDOW, 0, "EARLY", "10:05", "NO", "female", 2, 30));
      insert(connection, cells, cell("a", WINDOW, 1, "ON_TIME", "10:10", "NO", "female", 3, 40));
      // A start killed after creating the tables, before filling them.
      statement.execute(latest.createTableSql());
      statement.execute(rollup.createBucketTableSql());
      statement.execute(rollup.createTableSql());

      assertThat(latest.createIfAbsent(connection, SqlDialect.H2)).hasValue(1);
      assertThat(rollup.createIfAbsent(connection)).hasValue(1);
      assertThat(query(connection, "SELECT users FROM " + rollup.name()))
          .containsExactly(row("users", 3L));
      // Filled: the next start leaves them to the sink.
      assertThat(latest.createIfAbsent(connection, SqlDialect.H2)).isEmpty();
      assertThat(rollup.createIfAbsent(connection)).isEmpty();
    }
  }

  private interface SqlCheck {
    void run(Connection connection) throws Exception;
  }

  private interface Connections {
    Connection open() throws SQLException;
  }

  /**
   * The hourly sums of the country and gender latest panes: filled from the latest panes when
   * created, then kept by refreshing each hour written, they equal the view's rows of tiling
   * windows summed per hour, country and gender.
   */
  private static void assertHourlySums(Connection connection, SqlDialect dialect)
      throws SQLException {
    WarehouseTable cells = WarehouseTables.WINDOW_BY_COUNTRY_GENDER;
    LatestPaneRollup rollup =
        WarehouseViews.rollupOf(WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER.latestPanes())
            .orElseThrow();
    try (Statement statement = connection.createStatement()) {
      statement.execute(cells.createTableSql());
      statement.execute(WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER.createViewSql());
      statement.execute(
          WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER.latestPanes().createTableSql());
    }
    // Before the sums exist: two incarnations in the 10:00 hour, one pane at 11:00.
    write(
        connection,
        dialect,
        cells,
        cell("a", WINDOW, 1, "ON_TIME", "10:10", "NO", "female", 3, 40));
    write(
        connection, dialect, cells, cell("b", WINDOW, 0, "EARLY", "10:08", "NO", "female", 2, 30));
    write(
        connection,
        dialect,
        cells,
        cell("a", "2026-11-27T11:00:00Z", 0, "EARLY", "11:11", "FR", "male", 5, 50));

    assertThat(rollup.createIfAbsent(connection)).hasValue(2);
    assertThat(rollup.createIfAbsent(connection)).isEmpty();
    assertSumsMatchTheView(connection, rollup);

    // The sink from now on: upsert and refresh the hour in one transaction. A later pane of a,
    // then its older one (no change), a sliding window that does not tile (not summed), and a
    // new key in the 11:00 hour.
    connection.setAutoCommit(false);
    try {
      sinkWrite(
          connection,
          dialect,
          rollup,
          cell("a", WINDOW, 2, "LATE", "10:14", "NO", "female", 6, 35));
      sinkWrite(
          connection,
          dialect,
          rollup,
          cell("a", WINDOW, 0, "EARLY", "10:05", "NO", "female", 1, 20));
      Map<String, Object> sliding = cell("c", WINDOW, 0, "EARLY", "10:12", "NO", "female", 9, 60);
      sliding.put(WarehouseTables.WINDOW_START, timestamp("2026-11-27T10:05:00Z"));
      sliding.put(WarehouseTables.WINDOW_END, timestamp("2026-11-27T10:15:00Z"));
      sinkWrite(connection, dialect, rollup, sliding);
      sinkWrite(
          connection,
          dialect,
          rollup,
          cell("b", "2026-11-27T11:30:00Z", 0, "EARLY", "11:41", "NO", "other", 4, 22));
    } finally {
      connection.setAutoCommit(true);
    }

    assertSumsMatchTheView(connection, rollup);
    assertThat(
            query(
                connection,
                "SELECT users, avg_age FROM "
                    + rollup.name()
                    + " WHERE country = 'NO' AND gender = 'female'"))
        // a's late pane (6 at 35) and b's early one (2 at 30); not the sliding window's 9.
        .containsExactly(row("users", 8L, "avg_age", (6 * 35 + 2 * 30) / 8.0));
  }

  /** Per hour, country and gender: what the view's tiling windows add up to. */
  private static void assertSumsMatchTheView(Connection connection, LatestPaneRollup rollup)
      throws SQLException {
    List<Map<String, Object>> fromView = new ArrayList<>();
    for (String hour : List.of("10:00", "11:00")) {
      String start = "TIMESTAMP WITH TIME ZONE '2026-11-27 " + hour + ":00+00'";
      fromView.addAll(
          query(
              connection,
              "SELECT "
                  + start
                  + " AS bucket_start, country, gender, CAST(SUM(users) AS BIGINT) AS users,"
                  + " CAST(SUM(avg_age * users) / SUM(users) AS DOUBLE PRECISION) AS avg_age,"
                  + " CAST(SUM(avg_registered_age * users) / SUM(users) AS DOUBLE PRECISION)"
                  + " AS avg_registered_age FROM "
                  + WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER.name()
                  + " WHERE window_start >= "
                  + start
                  + " AND window_start < "
                  + start
                  + " + INTERVAL '1' HOUR AND "
                  + TilingWindows.condition(TilingWindows::jdbcEpochSeconds)
                  + " GROUP BY country, gender ORDER BY country, gender"));
    }
    assertThat(
            rounded(
                query(
                    connection,
                    "SELECT * FROM " + rollup.name() + " ORDER BY bucket_start, country, gender")))
        .isEqualTo(rounded(fromView));
  }

  /** What the sink does with a pane of the 10:00 or 11:00 hour, in the caller's transaction. */
  private static void sinkWrite(
      Connection connection, SqlDialect dialect, LatestPaneRollup rollup, Map<String, Object> row)
      throws SQLException {
    write(connection, dialect, WarehouseTables.WINDOW_BY_COUNTRY_GENDER, row);
    Instant start = ((OffsetDateTime) row.get(WarehouseTables.WINDOW_START)).toInstant();
    rollup.refresh(connection, LatestPaneRollup.bucketOf(start));
    connection.commit();
  }

  /**
   * Four writers, each its own connection and country, write panes into the same hour at once, each
   * upserting and refreshing the hour in one transaction and retrying a race as the sink does.
   * Without the hour's lock a refresh could miss another writer's panes; with it, the sums end
   * equal to the latest panes.
   */
  private static void assertConcurrentWritersLeaveExactSums(
      Connections connections, SqlDialect dialect) throws Exception {
    WarehouseTable cells = WarehouseTables.WINDOW_BY_COUNTRY_GENDER;
    LatestPaneTable latest = WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER.latestPanes();
    LatestPaneRollup rollup = WarehouseViews.rollupOf(latest).orElseThrow();
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement()) {
      statement.execute(cells.createTableSql());
      statement.execute(latest.createTableSql());
      rollup.createIfAbsent(connection);
    }
    List<String> countries = List.of("NO", "FR", "DE", "ES");
    int panes = 15;
    ExecutorService writers = Executors.newFixedThreadPool(countries.size());
    try {
      List<Future<Integer>> retried = new ArrayList<>();
      for (String country : countries) {
        retried.add(
            writers.submit(
                () -> {
                  int retries = 0;
                  try (Connection connection = connections.open()) {
                    connection.setAutoCommit(false);
                    for (int pane = 0; pane < panes; pane++) {
                      Map<String, Object> row =
                          cell(
                              country, WINDOW, pane, "EARLY", "10:10", country, "male", pane + 1,
                              30);
                      for (int attempt = 1; ; attempt++) {
                        try {
                          sinkWrite(connection, dialect, rollup, row);
                          break;
                        } catch (SQLException race) {
                          connection.rollback();
                          if (attempt == 10) {
                            throw race;
                          }
                          retries++;
                        }
                      }
                    }
                  }
                  return retries;
                }));
      }
      for (Future<Integer> writer : retried) {
        writer.get(2, TimeUnit.MINUTES);
      }
    } finally {
      writers.shutdownNow();
    }
    try (Connection connection = connections.open()) {
      assertThat(
              query(
                  connection, "SELECT country, users FROM " + rollup.name() + " ORDER BY country"))
          .containsExactly(
              row("country", "DE", "users", (long) panes),
              row("country", "ES", "users", (long) panes),
              row("country", "FR", "users", (long) panes),
              row("country", "NO", "users", (long) panes));
    }
  }

  /** Runs the check in a fresh schema of the PostgreSQL at {@value #POSTGRES_ENV}, or skips. */
  private static void onPostgres(SqlCheck check) throws Exception {
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
        check.run(connection);
      } finally {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static void assertLatestPaneTables(Connection connection, SqlDialect dialect)
      throws SQLException {
    WarehouseTable cells = WarehouseTables.WINDOW_BY_COUNTRY_GENDER;
    LatestPaneTable latest = WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER.latestPanes();
    try (Statement statement = connection.createStatement()) {
      for (WarehouseTable table : WarehouseTables.ALL) {
        statement.execute(table.createTableSql());
      }
      for (WarehouseView view : WarehouseViews.ALL) {
        statement.execute(view.createViewSql());
      }
    }
    // Panes written before the latest-pane tables existed: rows without an incarnation (two
    // panes), and incarnation a's early pane.
    insert(connection, cells, cell(null, WINDOW, 0, "EARLY", "10:05", "NO", "female", 2, 30));
    insert(connection, cells, cell(null, WINDOW, 1, "ON_TIME", "10:10", "NO", "female", 3, 40));
    insert(connection, cells, cell("a", WINDOW, 0, "EARLY", "10:07", "NO", "female", 4, 20));

    // The upgrade creates the tables and backfills them; both are idempotent.
    try (Statement statement = connection.createStatement()) {
      for (int round = 0; round < 2; round++) {
        for (LatestPaneTable table : WarehouseViews.LATEST_PANE_TABLES) {
          statement.execute(table.createTableSql());
          statement.execute(table.backfillSql(dialect));
        }
      }
    }
    assertThat(latestRows(connection, latest))
        .containsExactly("|NO|female|ON_TIME|1|3", "a|NO|female|EARLY|0|4");

    // From now on every pane goes through the sink's two statements. Incarnation a's late pane
    // arrives before its on-time pane, which must then change nothing.
    write(connection, dialect, cells, cell("a", WINDOW, 2, "LATE", "10:14", "NO", "female", 6, 35));
    write(
        connection,
        dialect,
        cells,
        cell("a", WINDOW, 1, "ON_TIME", "10:10", "NO", "female", 5, 30));
    // A second incarnation, b, numbering its panes from 0; its pane 1 is written twice, the second
    // time emitted later with another value (the views take the later one).
    write(
        connection, dialect, cells, cell("b", WINDOW, 0, "EARLY", "10:08", "NO", "female", 1, 60));
    write(
        connection,
        dialect,
        cells,
        cell("b", WINDOW, 1, "ON_TIME", "10:11", "NO", "female", 8, 50));
    write(
        connection,
        dialect,
        cells,
        cell("b", WINDOW, 1, "ON_TIME", "10:12", "NO", "female", 9, 45));
    write(connection, dialect, cells, cell("b", WINDOW, 0, "EARLY", "10:08", "FR", "male", 4, 25));
    // b's pane of the next window arrives before a's older one (b's only).
    write(
        connection,
        dialect,
        cells,
        cell("b", NEXT_WINDOW, 0, "EARLY", "10:12", "NO", "male", 1, 33));
    write(
        connection, dialect, cells, cell("b", WINDOW, 0, "EARLY", "10:08", "NO", "female", 1, 60));

    List<String> expected =
        List.of(
            "|NO|female|ON_TIME|1|3",
            "a|NO|female|LATE|2|6",
            "b|FR|male|EARLY|0|4",
            "b|NO|female|ON_TIME|1|9",
            "b|NO|male|EARLY|0|1");
    assertThat(latestRows(connection, latest)).containsExactlyElementsOf(expected);
    // A backfill after the sink has written (a second upgrade) changes nothing.
    try (Statement statement = connection.createStatement()) {
      statement.execute(latest.backfillSql(dialect));
    }
    assertThat(latestRows(connection, latest)).containsExactlyElementsOf(expected);

    // The latest-pane table answers as the view, whole or by range; never a sum over panes.
    WarehouseView view = WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER;
    String order = " ORDER BY window_start, country, gender";
    for (String condition :
        List.of(
            "window_start >= '2026-11-27 00:00:00+00'",
            "window_start >= '2026-11-27 10:00:00+00' AND window_start < '2026-11-27 10:10:00+00'",
            "window_start >= '2026-11-27 10:10:00+00'",
            "window_start < '2026-11-27 10:00:00+00'")) {
      String range = condition.replace("'2026", "TIMESTAMP WITH TIME ZONE '2026");
      assertThat(
              rounded(
                  query(
                      connection,
                      "SELECT * FROM (" + view.selectFromLatestPanesSql(range) + ") v" + order)))
          .as(condition)
          .isEqualTo(
              rounded(
                  query(connection, "SELECT * FROM " + view.name() + " WHERE " + range + order)));
    }
    Map<String, Object> norway =
        query(
                connection,
                "SELECT * FROM ("
                    + view.selectFromLatestPanesSql("country = 'NO' AND gender = 'female'")
                    + ") v")
            .get(0);
    // 3 without incarnation + a's late 6 + b's re-emitted 9.
    assertThat(norway).containsEntry("users", 18L).containsEntry("incarnations", 3L);
    assertThat((Double) norway.get("avg_age"))
        .isCloseTo((3 * 40 + 6 * 35 + 9 * 45) / 18.0, within(1e-9));
    assertThat(norway).containsEntry("pane_timing", "LATE").containsEntry("pane_index", 2L);
  }

  /** The sink's write of one pane: into the pane table, and upserted into its latest panes. */
  private static void write(
      Connection connection, SqlDialect dialect, WarehouseTable table, Map<String, Object> row)
      throws SQLException {
    insert(connection, table, row);
    bind(
        connection,
        WarehouseViews.latestPanesOf(table).orElseThrow().upsertSql(dialect),
        table,
        row);
  }

  /** job_id|country|gender|pane_timing|pane_index|users, ordered. */
  private static List<String> latestRows(Connection connection, LatestPaneTable table)
      throws SQLException {
    return query(
            connection,
            "SELECT job_id, country, gender, pane_timing, pane_index, users FROM "
                + table.name()
                + " ORDER BY job_id, window_start, country, gender")
        .stream()
        .map(row -> String.join("|", row.values().stream().map(String::valueOf).toList()))
        .toList();
  }

  private static Map<String, Object> cell(
      String jobId,
      String window,
      int pane,
      String timing,
      String emitted,
      String country,
      String gender,
      long users,
      double age) {
    Map<String, Object> row = pane(jobId, pane, timing, emitted);
    Instant start = Instant.parse(window);
    row.put(WarehouseTables.WINDOW_START, timestamp(window));
    row.put(WarehouseTables.WINDOW_END, timestamp(start.plusSeconds(600).toString()));
    row.put("country", country);
    row.put("gender", gender);
    row.put("users", users);
    row.put("avg_age", age);
    row.put("avg_registered_age", 5.0);
    return row;
  }

  /** Doubles rounded to 9 places: the same sums in another order may differ in the last bits. */
  private static List<Map<String, Object>> rounded(List<Map<String, Object>> rows) {
    return rows.stream()
        .map(
            row -> {
              Map<String, Object> copy = new LinkedHashMap<>(row);
              copy.replaceAll(
                  (column, value) ->
                      value instanceof Double number ? Math.round(number * 1e9) / 1e9 : value);
              return copy;
            })
        .toList();
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
    bind(connection, table.insertSql(), table, row);
  }

  /** Runs {@code sql} with the row's values bound in the table's column order. */
  private static void bind(
      Connection connection, String sql, WarehouseTable table, Map<String, Object> row)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
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
          if (value != null
              && (label.equals(WarehouseTables.EMITTED_AT) || label.startsWith("window_"))) {
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
