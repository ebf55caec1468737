package io.demostream.events.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarehouseTablesTests {

  @Test
  void tablesHaveTheColumnsOfThePublicInterface() {
    assertThat(WarehouseTables.WINDOW_SUMMARY.columnNames())
        .containsExactly(
            "window_start",
            "window_end",
            "pane_timing",
            "pane_index",
            "emitted_at",
            "users",
            "male",
            "female",
            "other_gender",
            "avg_age",
            "avg_registered_age");
    assertThat(WarehouseTables.WINDOW_BY_COUNTRY_GENDER.columnNames())
        .containsExactly(
            "window_start",
            "window_end",
            "pane_timing",
            "pane_index",
            "emitted_at",
            "country",
            "gender",
            "users",
            "avg_age",
            "avg_registered_age");
    assertThat(WarehouseTables.WINDOW_BY_AGE_BAND.columnNames())
        .containsExactly(
            "window_start",
            "window_end",
            "pane_timing",
            "pane_index",
            "emitted_at",
            "age_band",
            "users");
    assertThat(WarehouseTables.DEAD_LETTER.columnNames())
        .containsExactly("received_at", "event_time", "error", "payload", "attributes");
  }

  @Test
  void createAndInsertSqlFollowTheColumns() {
    assertThat(WarehouseTables.WINDOW_BY_AGE_BAND.createTableSql())
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS window_by_age_band (window_start TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " window_end TIMESTAMP WITH TIME ZONE NOT NULL, pane_timing VARCHAR NOT NULL,"
                + " pane_index BIGINT NOT NULL, emitted_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " age_band VARCHAR NOT NULL, users BIGINT NOT NULL)");
    assertThat(WarehouseTables.DEAD_LETTER.insertSql())
        .isEqualTo(
            "INSERT INTO dead_letter (received_at, event_time, error, payload, attributes)"
                + " VALUES (?, ?, ?, ?, ?)");
  }

  @Test
  void viewsKeepTheLatestPanePerWindowKey() {
    String sql =
        WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER.selectSql(name -> "`p.d." + name + "`");

    assertThat(sql)
        .contains("PARTITION BY window_start, window_end, country, gender")
        .contains("ORDER BY pane_index DESC, emitted_at DESC")
        .contains("FROM `p.d.window_by_country_gender`")
        .endsWith("WHERE pane_rank = 1");
  }

  @Test
  void byNameFindsEveryTable() {
    WarehouseTables.ALL.forEach(
        table -> assertThat(WarehouseTables.byName(table.name())).isSameAs(table));
  }
}
