package io.demostream.events.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the one warehouse definition on H2, the local warehouse, to prove the SQL is valid as
 * written.
 */
class WarehouseSqlTests {

  @Test
  void latestPaneViewsPickTheHighestPanePerWindowKey() throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:h2:mem:views;DB_CLOSE_DELAY=-1");
        Statement statement = connection.createStatement()) {
      for (WarehouseTable table : WarehouseTables.ALL) {
        statement.execute(table.createTableSql());
        statement.execute(table.createTableSql()); // idempotent
      }
      for (WarehouseView view : WarehouseViews.ALL) {
        statement.execute(view.createViewSql());
        statement.execute(view.createViewSql());
      }
      statement.execute(ageBandRow("10:00", "EARLY", 0, "18-24", 3));
      statement.execute(ageBandRow("10:00", "ON_TIME", 1, "18-24", 5));
      statement.execute(ageBandRow("10:00", "LATE", 2, "18-24", 6));
      statement.execute(ageBandRow("10:00", "ON_TIME", 0, "65+", 1));
      statement.execute(ageBandRow("10:01", "EARLY", 0, "18-24", 2));

      List<String> rows = new ArrayList<>();
      try (ResultSet result =
          statement.executeQuery(
              "SELECT window_start, age_band, pane_timing, users FROM latest_window_by_age_band"
                  + " ORDER BY window_start, age_band")) {
        while (result.next()) {
          rows.add(
              result.getTimestamp(1).toInstant().toString().substring(11, 16)
                  + " "
                  + result.getString(2)
                  + " "
                  + result.getString(3)
                  + " "
                  + result.getLong(4));
        }
      }
      assertThat(rows)
          .containsExactly("10:00 18-24 LATE 6", "10:00 65+ ON_TIME 1", "10:01 18-24 EARLY 2");
    }
  }

  private static String ageBandRow(String start, String timing, int pane, String band, int users) {
    return "INSERT INTO window_by_age_band VALUES (TIMESTAMP WITH TIME ZONE '2026-11-27 "
        + start
        + ":00+00', TIMESTAMP WITH TIME ZONE '2026-11-27 "
        + start
        + ":59+00', '"
        + timing
        + "', "
        + pane
        + ", CURRENT_TIMESTAMP, '"
        + band
        + "', "
        + users
        + ")";
  }
}
