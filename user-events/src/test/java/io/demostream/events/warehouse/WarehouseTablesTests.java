package io.demostream.events.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            "avg_registered_age",
            "job_id");
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
            "avg_registered_age",
            "job_id");
    assertThat(WarehouseTables.WINDOW_BY_AGE_BAND.columnNames())
        .containsExactly(
            "window_start",
            "window_end",
            "pane_timing",
            "pane_index",
            "emitted_at",
            "age_band",
            "users",
            "job_id");
    assertThat(WarehouseTables.DEAD_LETTER.columnNames())
        .containsExactly("received_at", "event_time", "error", "payload", "attributes", "job_id");
  }

  @Test
  void createAndInsertSqlFollowTheColumns() {
    assertThat(WarehouseTables.WINDOW_BY_AGE_BAND.createTableSql())
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS window_by_age_band (window_start TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " window_end TIMESTAMP WITH TIME ZONE NOT NULL, pane_timing VARCHAR NOT NULL,"
                + " pane_index BIGINT NOT NULL, emitted_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " age_band VARCHAR NOT NULL, users BIGINT NOT NULL, job_id VARCHAR)");
    assertThat(WarehouseTables.DEAD_LETTER.insertSql())
        .isEqualTo(
            "INSERT INTO dead_letter (received_at, event_time, error, payload, attributes, job_id)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
  }

  @Test
  void existingTablesGainTheNullableColumnsInPlace() {
    assertThat(WarehouseTables.WINDOW_SUMMARY.addNullableColumnsSql())
        .containsExactly("ALTER TABLE window_summary ADD COLUMN IF NOT EXISTS job_id VARCHAR");
    assertThat(WarehouseTables.DEAD_LETTER.addNullableColumnsSql())
        .containsExactly(
            "ALTER TABLE dead_letter ADD COLUMN IF NOT EXISTS event_time TIMESTAMP WITH TIME ZONE",
            "ALTER TABLE dead_letter ADD COLUMN IF NOT EXISTS payload VARCHAR",
            "ALTER TABLE dead_letter ADD COLUMN IF NOT EXISTS attributes VARCHAR",
            "ALTER TABLE dead_letter ADD COLUMN IF NOT EXISTS job_id VARCHAR");
  }

  @Test
  void viewsCombineTheLatestPaneOfEachIncarnationPerWindowKey() {
    String sql =
        WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER.bigQuerySelectSql(
            name -> "`p.d." + name + "`");
    String perKey = " OVER (PARTITION BY window_start, window_end, country, gender)";

    assertThat(sql)
        .contains(
            "PARTITION BY job_id, window_start, window_end, country, gender"
                + " ORDER BY pane_index DESC, emitted_at DESC")
        .contains("FROM `p.d.window_by_country_gender`) ranked WHERE pane_rank = 1) latest)")
        .contains("CAST(SUM(users)" + perKey + " AS INT64) AS users")
        .contains(
            "CAST(SUM(avg_age * users)"
                + perKey
                + " / SUM(users)"
                + perKey
                + " AS FLOAT64) AS avg_age")
        .contains("COUNT(*)" + perKey + " AS incarnations")
        .endsWith("WHERE recency = 1");
    assertThat(WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER.selectSql(name -> name))
        .contains("CAST(SUM(users)" + perKey + " AS BIGINT) AS users")
        .contains("AS DOUBLE PRECISION) AS avg_age");
  }

  @Test
  void oneIncarnationsLatestPanesAreSelectedByItsJobId() {
    assertThat(WarehouseViews.LATEST_WINDOW_BY_AGE_BAND.incarnationSelectSql(name -> name, "?"))
        .isEqualTo(
            "SELECT window_start, window_end, pane_timing, pane_index, emitted_at, age_band, users,"
                + " job_id FROM (SELECT window_start, window_end, pane_timing, pane_index,"
                + " emitted_at, age_band, users, job_id, ROW_NUMBER() OVER (PARTITION BY"
                + " window_start, window_end, age_band ORDER BY pane_index DESC, emitted_at DESC)"
                + " AS pane_rank FROM window_by_age_band WHERE job_id = ?) ranked WHERE"
                + " pane_rank = 1");
  }

  @Test
  void viewsKeepTheTableColumnsWithoutJobIdAndAddIncarnations() {
    assertThat(WarehouseViews.LATEST_WINDOW_BY_AGE_BAND.columnNames())
        .containsExactly(
            "window_start",
            "window_end",
            "pane_timing",
            "pane_index",
            "emitted_at",
            "age_band",
            "users",
            "incarnations");
  }

  @Test
  void viewsRefuseTablesThatAreNotPanes() {
    assertThatThrownBy(() -> new WarehouseView("v", "d", WarehouseTables.DEAD_LETTER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a pane table");
  }

  @Test
  void byNameFindsEveryTable() {
    WarehouseTables.ALL.forEach(
        table -> assertThat(WarehouseTables.byName(table.name())).isSameAs(table));
  }
}
