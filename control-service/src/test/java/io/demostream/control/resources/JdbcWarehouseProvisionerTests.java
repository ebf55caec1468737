package io.demostream.control.resources;

import static io.demostream.control.resources.TestProvisioning.fastRetry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.demostream.control.testing.TestWarehouses;
import io.demostream.control.warehouse.JdbcWarehouse;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseViews;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** The warehouse tables and views in the embedded H2 file warehouse, from the shared definition. */
class JdbcWarehouseProvisionerTests {

  @TempDir Path dataDir;

  private JdbcWarehouse warehouse;
  private JdbcWarehouseProvisioner provisioner;
  private long emitted;

  @BeforeEach
  void open() {
    warehouse = TestWarehouses.embedded(dataDir);
    provisioner = new JdbcWarehouseProvisioner(warehouse, fastRetry());
  }

  @AfterEach
  void close() {
    warehouse.destroy();
  }

  @Test
  void embeddedWarehouseIsAnH2FileUnderTheDataFolder() {
    assertThat(warehouse.jdbcUrl())
        .isEqualTo(
            "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("warehouse") + ";AUTO_SERVER=TRUE");

    provisioner.ensure();

    assertThat(Files.exists(dataDir.resolve("warehouse.mv.db"))).isTrue();
  }

  @Test
  void ensureCreatesEveryTableAndViewThenReportsExisted() {
    List<ResourceState> first = provisioner.ensure();

    assertThat(first)
        .hasSize(
            WarehouseTables.ALL.size()
                + WarehouseViews.LATEST_PANE_TABLES.size()
                + WarehouseViews.ROLLUPS.size()
                + WarehouseViews.ALL.size());
    assertThat(first).extracting(ResourceState::status).containsOnly(ResourceStatus.CREATED);
    assertThat(first)
        .filteredOn(state -> state.kind() == ResourceKind.JDBC_TABLE)
        .extracting(ResourceState::name)
        .containsExactly(
            "window_summary",
            "window_by_country_gender",
            "window_by_age_band",
            "dead_letter",
            "window_summary_latest_pane",
            "window_by_country_gender_latest_pane",
            "window_by_age_band_latest_pane",
            "window_by_country_gender_hourly",
            "window_by_age_band_hourly");
    assertThat(first)
        .filteredOn(state -> state.kind() == ResourceKind.JDBC_VIEW)
        .extracting(ResourceState::name)
        .containsExactly(
            "latest_window_summary",
            "latest_window_by_country_gender",
            "latest_window_by_age_band");

    assertThat(provisioner.ensure())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.EXISTED);
    assertThat(provisioner.describe())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.EXISTED);
  }

  @Test
  void latestPaneViewAddsTheLatestPaneOfEachIncarnationPerWindow() {
    provisioner.ensure();
    JdbcTemplate jdbc = warehouse.jdbcTemplate();
    Instant start = Instant.parse("2026-01-01T10:00:00Z");
    Instant end = start.plusSeconds(60);
    insertSummary(jdbc, "run-1", start, end, "EARLY", 0, 3);
    insertSummary(jdbc, "run-1", start, end, "ON_TIME", 1, 7);
    // A second run into the same window starts its panes at 0 again: it adds, not replaces.
    insertSummary(jdbc, "run-2", start, end, "EARLY", 0, 4);
    insertSummary(jdbc, "run-2", end, end.plusSeconds(60), "EARLY", 0, 2);

    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT pane_timing, users, incarnations FROM latest_window_summary"
                + " ORDER BY window_start");

    assertThat(rows)
        .extracting(
            row -> row.get("PANE_TIMING"),
            row -> ((Number) row.get("USERS")).longValue(),
            row -> ((Number) row.get("INCARNATIONS")).longValue())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("EARLY", 11L, 2L),
            org.assertj.core.groups.Tuple.tuple("EARLY", 2L, 1L));
  }

  @Test
  void warehouseOfTheDefinitionBeforeJobIdIsUpgradedInPlace() {
    JdbcTemplate jdbc = warehouse.jdbcTemplate();
    jdbc.execute(
        "CREATE TABLE window_summary (window_start TIMESTAMP WITH TIME ZONE NOT NULL,"
            + " window_end TIMESTAMP WITH TIME ZONE NOT NULL, pane_timing VARCHAR NOT NULL,"
            + " pane_index BIGINT NOT NULL, emitted_at TIMESTAMP WITH TIME ZONE NOT NULL,"
            + " users BIGINT NOT NULL, male BIGINT NOT NULL, female BIGINT NOT NULL,"
            + " other_gender BIGINT NOT NULL, avg_age DOUBLE PRECISION NOT NULL,"
            + " avg_registered_age DOUBLE PRECISION NOT NULL)");
    jdbc.execute(
        "CREATE VIEW latest_window_summary AS SELECT window_start, window_end, pane_timing,"
            + " pane_index, emitted_at, users, male, female, other_gender, avg_age,"
            + " avg_registered_age FROM (SELECT window_start, window_end, pane_timing, pane_index,"
            + " emitted_at, users, male, female, other_gender, avg_age, avg_registered_age,"
            + " ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY pane_index DESC,"
            + " emitted_at DESC) AS pane_rank FROM window_summary) ranked WHERE pane_rank = 1");
    Instant start = Instant.parse("2026-01-01T10:00:00Z");
    jdbc.update(
        "INSERT INTO window_summary VALUES (?, ?, 'ON_TIME', 1, ?, 5, 2, 3, 0, 40.0, 2.0)",
        Timestamp.from(start),
        Timestamp.from(start.plusSeconds(60)),
        Timestamp.from(start.plusSeconds(61)));

    List<ResourceState> states = provisioner.ensure();

    assertThat(states)
        .filteredOn(state -> state.status() == ResourceStatus.UPDATED)
        .extracting(ResourceState::name, ResourceState::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("window_summary", "added columns job_id"),
            org.assertj.core.groups.Tuple.tuple(
                "latest_window_summary", "columns differed from the definition"));
    // The latest-pane tables are new: filled from the panes there, old rows as one incarnation.
    assertThat(states)
        .filteredOn(state -> state.name().equals("window_summary_latest_pane"))
        .extracting(ResourceState::status, ResourceState::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ResourceStatus.CREATED,
                "filled with the latest pane of 1 incarnation, window and key combinations of"
                    + " window_summary"));
    assertThat(
            jdbc.queryForMap(
                "SELECT job_id, pane_index, users, avg_age FROM window_summary_latest_pane"))
        .containsEntry("JOB_ID", "")
        .containsEntry("PANE_INDEX", 1L)
        .containsEntry("USERS", 5L)
        .containsEntry("AVG_AGE", 40.0);
    // The old rows (NULL job_id) are one incarnation; a new run's panes add to them.
    insertSummary(jdbc, "run-1", start, start.plusSeconds(60), "LATE", 0, 1);
    Map<String, Object> window =
        jdbc.queryForMap("SELECT users, avg_age, incarnations FROM latest_window_summary");
    assertThat(window).containsEntry("USERS", 6L).containsEntry("INCARNATIONS", 2L);
    assertThat((Double) window.get("AVG_AGE")).isCloseTo((5 * 40.0 + 30.5) / 6, within(1e-9));
    assertThat(provisioner.ensure())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.EXISTED);
  }

  @Test
  void latestPaneTableIsFilledFromItsPanesOnlyWhenCreated() {
    provisioner.ensure();
    JdbcTemplate jdbc = warehouse.jdbcTemplate();
    jdbc.execute("DROP TABLE window_summary_latest_pane");
    Instant start = Instant.parse("2026-01-01T10:00:00Z");
    Instant end = start.plusSeconds(60);
    insertSummary(jdbc, "run-1", start, end, "ON_TIME", 1, 7);
    // Inserted after the on-time pane but older: the backfill ranks panes, not arrival.
    insertSummary(jdbc, "run-1", start, end, "EARLY", 0, 3);
    insertSummary(jdbc, "run-2", start, end, "EARLY", 0, 4);

    assertThat(provisioner.ensure())
        .filteredOn(state -> state.status() != ResourceStatus.EXISTED)
        .extracting(ResourceState::name, ResourceState::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "window_summary_latest_pane", ResourceStatus.CREATED));
    assertThat(
            jdbc.queryForList(
                "SELECT job_id, pane_index, users FROM window_summary_latest_pane ORDER BY job_id"))
        .extracting(row -> row.get("JOB_ID") + "|" + row.get("PANE_INDEX") + "|" + row.get("USERS"))
        .containsExactly("run-1|1|7", "run-2|0|4");

    // Existing, it is the sink's to keep: provisioning again leaves it as it is.
    insertSummary(jdbc, "run-2", start, end, "ON_TIME", 1, 9);
    assertThat(provisioner.ensure())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.EXISTED);
    assertThat(
            jdbc.queryForObject(
                "SELECT users FROM window_summary_latest_pane WHERE job_id = 'run-2'", Long.class))
        .isEqualTo(4L);
  }

  @Test
  void hourlySumsOfAWarehouseOlderThanThemAreFilledFromItsPanes() {
    provisioner.ensure();
    JdbcTemplate jdbc = warehouse.jdbcTemplate();
    jdbc.execute("DROP TABLE window_by_country_gender_latest_pane");
    jdbc.execute("DROP TABLE window_by_country_gender_hourly");
    jdbc.execute("DROP TABLE window_by_country_gender_hourly_bucket");
    Instant start = Instant.parse("2026-01-01T10:00:00Z");
    for (long pane = 0; pane < 2; pane++) {
      jdbc.update(
          WarehouseTables.WINDOW_BY_COUNTRY_GENDER.insertSql(),
          Timestamp.from(start),
          Timestamp.from(start.plusSeconds(60)),
          pane == 0 ? "EARLY" : "ON_TIME",
          pane,
          Timestamp.from(start.plusSeconds(55 + pane * 10)),
          "Norway",
          "female",
          3 + pane,
          30.0 + pane,
          4.0,
          "run-1");
    }

    List<ResourceState> states = provisioner.ensure();

    assertThat(states)
        .filteredOn(state -> state.status() == ResourceStatus.CREATED)
        .extracting(ResourceState::name, ResourceState::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "window_by_country_gender_latest_pane",
                "filled with the latest pane of 1 incarnation, window and key combinations of"
                    + " window_by_country_gender"),
            org.assertj.core.groups.Tuple.tuple(
                "window_by_country_gender_hourly",
                "filled with 1 hours of window_by_country_gender_latest_pane (lock rows in"
                    + " window_by_country_gender_hourly_bucket)"));
    assertThat(
            jdbc.queryForMap(
                "SELECT bucket_start, country, users, avg_age FROM window_by_country_gender_hourly"))
        .containsEntry("COUNTRY", "Norway")
        .containsEntry("USERS", 4L)
        .containsEntry("AVG_AGE", 31.0);
    assertThat(provisioner.ensure())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.EXISTED);
  }

  @Test
  void tableMissingAColumnGetsItAdded() {
    warehouse
        .jdbcTemplate()
        .execute(
            "CREATE TABLE window_by_age_band (window_start TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " window_end TIMESTAMP WITH TIME ZONE NOT NULL)");

    List<ResourceState> states = provisioner.ensure();

    ResourceState ageBand =
        states.stream()
            .filter(s -> s.name().equals("window_by_age_band"))
            .findFirst()
            .orElseThrow();
    assertThat(ageBand.status()).isEqualTo(ResourceStatus.UPDATED);
    assertThat(ageBand.detail()).contains("age_band", "users", "pane_index");
    assertThat(provisioner.ensure())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.EXISTED);
  }

  @Test
  void deleteDropsViewsAndTablesThenReportsMissing() {
    provisioner.ensure();

    assertThat(provisioner.delete())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.DELETED);
    assertThat(provisioner.describe())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.MISSING);
    assertThat(provisioner.delete())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.MISSING);
  }

  /** Inserts a pane emitted after every pane inserted before it. */
  private void insertSummary(
      JdbcTemplate jdbc,
      String jobId,
      Instant start,
      Instant end,
      String timing,
      long paneIndex,
      long users) {
    jdbc.update(
        WarehouseTables.WINDOW_SUMMARY.insertSql(),
        Timestamp.from(start),
        Timestamp.from(end),
        timing,
        paneIndex,
        Timestamp.from(Instant.parse("2026-01-01T11:00:00Z").plusSeconds(++emitted)),
        users,
        users / 2,
        users - users / 2,
        0L,
        30.5,
        4.0,
        jobId);
  }
}
