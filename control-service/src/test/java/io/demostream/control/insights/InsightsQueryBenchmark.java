package io.demostream.control.insights;

import io.demostream.events.AgeBand;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bench harness (only under {@code -Pbench}): every insights query over a week of 1-minute windows
 * with every country × gender cell, on the embedded H2 file warehouse.
 *
 * <p>Data: 10,080 windows; per window 21 countries × 3 genders = 63 cells and the 7 age bands, each
 * with an early and an on-time pane (so the views really pick the latest of two), i.e. 1.27 million
 * country/gender pane rows. Each query runs {@value #WARM_UP} times to warm up, then {@value #RUNS}
 * times measured; the median and the slowest are reported against the 200 ms target.
 *
 * <p>Run: {@code ./mvnw -B -pl user-events,control-service -am -Pbench verify -DskipTests=false
 * -Dtest=InsightsQueryBenchmark -Dsurefire.failIfNoSpecifiedTests=false}. Results go to stdout and
 * {@code control-service/target/bench/insights.txt}.
 */
@Tag("bench")
class InsightsQueryBenchmark {

  static final int WARM_UP = 1;
  static final int RUNS = 5;
  static final int WINDOWS = 7 * 24 * 60;
  static final List<String> COUNTRIES =
      List.of(
          "Australia",
          "Brazil",
          "Canada",
          "Switzerland",
          "Germany",
          "Denmark",
          "Spain",
          "Finland",
          "France",
          "United Kingdom",
          "Ireland",
          "India",
          "Iran",
          "Mexico",
          "Netherlands",
          "Norway",
          "New Zealand",
          "Serbia",
          "Turkey",
          "Ukraine",
          "United States");
  static final List<String> GENDERS = List.of("male", "female", "other");
  static final Instant WEEK_START = Instant.parse("2026-11-23T00:00:00Z");

  @Test
  void weekOfMinuteWindows() throws Exception {
    Path dir = Path.of("target", "bench");
    Files.createDirectories(dir);
    Path db = dir.resolve("insights-warehouse");
    Files.deleteIfExists(dir.resolve("insights-warehouse.mv.db"));
    List<String> report = new ArrayList<>();
    try (InsightsWarehouse warehouse =
        InsightsWarehouse.onUrl("jdbc:h2:file:" + db.toAbsolutePath())) {
      long started = System.nanoTime();
      long rows = fill(warehouse);
      report.add(
          String.format(
              Locale.ROOT,
              "[bench] filled %,d pane rows in %.1f s",
              rows,
              (System.nanoTime() - started) / 1e9));
      System.out.println(report.get(0));

      InsightsService insights =
          new InsightsService(
              warehouse.repository(),
              new InsightsProperties(Duration.ofSeconds(5), Duration.ofDays(31)),
              Clock.fixed(WEEK_START.plus(Duration.ofDays(7)), ZoneOffset.UTC));
      TimeRange week = new TimeRange(WEEK_START, WEEK_START.plus(Duration.ofDays(7)));
      report.add(measure("summary (week)", () -> insights.summary(week).totalUsers()));
      report.add(
          measure("running-total (week)", () -> insights.runningTotal(week).points().size()));
      report.add(measure("gender (week)", () -> insights.gender(week).total()));
      report.add(
          measure(
              "age by country,gender (week)",
              () -> insights.age(week, AgeGrouping.COUNTRY_GENDER).rows().size()));
      report.add(
          measure(
              "age by country (week)",
              () -> insights.age(week, AgeGrouping.COUNTRY).rows().size()));
      report.add(measure("age-bands (week)", () -> insights.ageBands(week).rows().size()));
      TimeRange day = new TimeRange(WEEK_START.plus(Duration.ofDays(6)), week.to());
      report.add(
          measure(
              "age by country,gender (last 24 h)",
              () -> insights.age(day, AgeGrouping.COUNTRY_GENDER).rows().size()));
      report.add(measure("summary (last 24 h)", () -> insights.summary(day).totalUsers()));
    }
    Files.write(dir.resolve("insights.txt"), report);
  }

  private static String measure(String name, Supplier<Object> query) {
    Object answer = null;
    for (int i = 0; i < WARM_UP; i++) {
      answer = query.get();
    }
    System.out.println("[bench] " + name + ": warmed up");
    long[] millis = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      answer = query.get();
      millis[i] = (System.nanoTime() - start) / 1_000_000;
    }
    Arrays.sort(millis);
    String line =
        String.format(
            Locale.ROOT,
            "[bench] %-36s median %4d ms, max %4d ms (%s) answer=%s",
            name,
            millis[RUNS / 2],
            millis[RUNS - 1],
            millis[RUNS - 1] < 200 ? "under 200 ms" : "OVER 200 ms",
            answer);
    System.out.println(line);
    return line;
  }

  /** Writes the week through plain batched JDBC; returns the pane rows written. */
  private static long fill(InsightsWarehouse warehouse) throws SQLException {
    Random random = new Random(42);
    long rows = 0;
    try (Connection connection = warehouse.jdbc().jdbcTemplate().getDataSource().getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement summary = insert(connection, WarehouseTables.WINDOW_SUMMARY);
          PreparedStatement cells = insert(connection, WarehouseTables.WINDOW_BY_COUNTRY_GENDER);
          PreparedStatement bands = insert(connection, WarehouseTables.WINDOW_BY_AGE_BAND)) {
        for (int w = 0; w < WINDOWS; w++) {
          Instant start = WEEK_START.plus(Duration.ofMinutes(w));
          Instant end = start.plus(Duration.ofMinutes(1));
          for (int pane = 0; pane < 2; pane++) {
            String timing = pane == 0 ? "EARLY" : "ON_TIME";
            Instant emitted = end.plusSeconds(pane == 0 ? -30 : 2);
            long total = 0;
            for (String country : COUNTRIES) {
              for (String gender : GENDERS) {
                long users = 1 + random.nextInt(gender.equals("other") ? 2 : 8) + pane;
                total += users;
                pane(cells, start, end, timing, pane, emitted);
                cells.setString(6, country);
                cells.setString(7, gender);
                cells.setLong(8, users);
                cells.setDouble(9, 20 + random.nextInt(50));
                cells.setDouble(10, 1 + random.nextInt(15));
                cells.addBatch();
                rows++;
              }
            }
            pane(summary, start, end, timing, pane, emitted);
            summary.setLong(6, total);
            summary.setLong(7, total / 2);
            summary.setLong(8, total - total / 2 - 1);
            summary.setLong(9, 1);
            summary.setDouble(10, 45.0);
            summary.setDouble(11, 8.0);
            summary.addBatch();
            rows++;
            for (AgeBand band : AgeBand.values()) {
              pane(bands, start, end, timing, pane, emitted);
              bands.setString(6, band.label());
              bands.setLong(7, total / 7);
              bands.addBatch();
              rows++;
            }
          }
          if (w % 240 == 239) {
            cells.executeBatch();
            summary.executeBatch();
            bands.executeBatch();
            connection.commit();
          }
        }
        cells.executeBatch();
        summary.executeBatch();
        bands.executeBatch();
        connection.commit();
      }
    }
    return rows;
  }

  /** Inserts the table's first columns (window, pane) and value columns, in definition order. */
  private static PreparedStatement insert(Connection connection, WarehouseTable table)
      throws SQLException {
    List<String> columns = new ArrayList<>(table.columnNames());
    columns.remove(InsightsWarehouse.JOB_ID);
    return connection.prepareStatement(
        "INSERT INTO "
            + table.name()
            + " ("
            + String.join(", ", columns)
            + ") VALUES ("
            + String.join(", ", Collections.nCopies(columns.size(), "?"))
            + ")");
  }

  private static void pane(
      PreparedStatement statement,
      Instant start,
      Instant end,
      String timing,
      int pane,
      Instant emitted)
      throws SQLException {
    statement.setTimestamp(1, Timestamp.from(start));
    statement.setTimestamp(2, Timestamp.from(end));
    statement.setString(3, timing);
    statement.setLong(4, pane);
    statement.setTimestamp(5, Timestamp.from(emitted));
  }
}
