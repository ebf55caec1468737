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
  void latestPaneTablesAreKeyedByIncarnationAndWindowKeyWithWindowStartFirst() {
    LatestPaneTable latest = WarehouseViews.LATEST_WINDOW_BY_AGE_BAND.latestPanes();

    assertThat(WarehouseViews.LATEST_PANE_TABLES)
        .extracting(LatestPaneTable::name)
        .containsExactly(
            "window_summary_latest_pane",
            "window_by_country_gender_latest_pane",
            "window_by_age_band_latest_pane");
    assertThat(latest.createTableSql())
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS window_by_age_band_latest_pane (window_start TIMESTAMP WITH"
                + " TIME ZONE NOT NULL, window_end TIMESTAMP WITH TIME ZONE NOT NULL, pane_timing"
                + " VARCHAR NOT NULL, pane_index BIGINT NOT NULL, emitted_at TIMESTAMP WITH TIME"
                + " ZONE NOT NULL, age_band VARCHAR NOT NULL, users BIGINT NOT NULL, job_id VARCHAR"
                + " NOT NULL, PRIMARY KEY (window_start, window_end, age_band, job_id))");
    assertThat(WarehouseViews.latestPanesOf(WarehouseTables.WINDOW_BY_AGE_BAND)).contains(latest);
    assertThat(WarehouseViews.latestPanesOf(WarehouseTables.DEAD_LETTER)).isEmpty();
  }

  @Test
  void upsertsKeepTheLaterPaneInTheOrderTheViewsRankPanes() {
    LatestPaneTable latest = WarehouseViews.LATEST_WINDOW_BY_AGE_BAND.latestPanes();
    String newer =
        "(pane.pane_index > latest.pane_index OR (pane.pane_index = latest.pane_index AND"
            + " pane.emitted_at > latest.emitted_at))";

    assertThat(latest.upsertSql(SqlDialect.H2))
        .startsWith("MERGE INTO window_by_age_band_latest_pane latest USING (VALUES (CAST(? AS")
        .contains("COALESCE(CAST(? AS VARCHAR), '')))")
        .contains("WHEN MATCHED AND " + newer + " THEN UPDATE SET pane_timing = pane.pane_timing")
        .doesNotContain("SET window_start");
    assertThat(latest.upsertSql(SqlDialect.POSTGRESQL))
        .isEqualTo(
            "INSERT INTO window_by_age_band_latest_pane AS latest (window_start, window_end,"
                + " pane_timing, pane_index, emitted_at, age_band, users, job_id) VALUES (?, ?, ?,"
                + " ?, ?, ?, ?, COALESCE(?, '')) ON CONFLICT (window_start, window_end, age_band,"
                + " job_id) DO UPDATE SET pane_timing = EXCLUDED.pane_timing, pane_index ="
                + " EXCLUDED.pane_index, emitted_at = EXCLUDED.emitted_at, users = EXCLUDED.users"
                + " WHERE "
                + newer.replace("pane.", "EXCLUDED."));
    assertThat(latest.backfillSql(SqlDialect.POSTGRESQL))
        .contains("PARTITION BY COALESCE(job_id, ''), window_start, window_end, age_band")
        .contains("FROM window_by_age_band)");
  }

  @Test
  void theJdbcReadOfAViewGroupsTheLatestPanesInRangeByWindowKey() {
    String sql =
        WarehouseViews.LATEST_WINDOW_BY_AGE_BAND.selectFromLatestPanesSql("window_start >= ?");

    assertThat(sql)
        .startsWith("SELECT window_start, window_end, CASE WHEN COUNT(*) = 1 THEN MAX(pane_timing)")
        .contains(
            "FROM window_by_age_band_latest_pane recent WHERE recent.window_start ="
                + " latest.window_start AND recent.window_end = latest.window_end AND"
                + " recent.age_band = latest.age_band ORDER BY recent.emitted_at DESC,"
                + " recent.pane_index DESC, recent.job_id DESC FETCH FIRST 1 ROW ONLY) END AS"
                + " pane_index, MAX(emitted_at) AS emitted_at, age_band,"
                + " CAST(SUM(users) AS BIGINT) AS users, COUNT(*) AS incarnations")
        .endsWith(
            "FROM window_by_age_band_latest_pane latest WHERE window_start >= ?"
                + " GROUP BY window_start, window_end, age_band");
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
