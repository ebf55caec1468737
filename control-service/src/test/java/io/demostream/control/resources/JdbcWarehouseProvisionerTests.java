package io.demostream.control.resources;

import static io.demostream.control.resources.TestProvisioning.fastRetry;
import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.control.local.LocalProperties;
import io.demostream.control.warehouse.JdbcWarehouse;
import io.demostream.control.warehouse.WarehouseProperties;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseViews;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
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

  @BeforeEach
  void open() {
    warehouse =
        new JdbcWarehouse(
            new WarehouseProperties(WarehouseProperties.Type.JDBC, "", "", "", 2),
            new LocalProperties(
                dataDir,
                Path.of("unused.jar"),
                "pubsub",
                List.of(),
                List.of(),
                Duration.ofSeconds(60),
                Duration.ofSeconds(5)));
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

    assertThat(first).hasSize(WarehouseTables.ALL.size() + WarehouseViews.ALL.size());
    assertThat(first).extracting(ResourceState::status).containsOnly(ResourceStatus.CREATED);
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
  void latestPaneViewReturnsTheHighestPaneOfEachWindow() {
    provisioner.ensure();
    JdbcTemplate jdbc = warehouse.jdbcTemplate();
    Instant start = Instant.parse("2026-01-01T10:00:00Z");
    Instant end = start.plusSeconds(60);
    insertSummary(jdbc, start, end, "EARLY", 0, 3);
    insertSummary(jdbc, start, end, "ON_TIME", 1, 7);
    insertSummary(jdbc, end, end.plusSeconds(60), "EARLY", 0, 2);

    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT pane_timing, users FROM latest_window_summary ORDER BY window_start");

    assertThat(rows)
        .extracting(row -> row.get("PANE_TIMING"), row -> ((Number) row.get("USERS")).longValue())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ON_TIME", 7L),
            org.assertj.core.groups.Tuple.tuple("EARLY", 2L));
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

  private static void insertSummary(
      JdbcTemplate jdbc, Instant start, Instant end, String timing, long paneIndex, long users) {
    jdbc.update(
        WarehouseTables.WINDOW_SUMMARY.insertSql(),
        Timestamp.from(start),
        Timestamp.from(end),
        timing,
        paneIndex,
        Timestamp.from(Instant.now()),
        users,
        users / 2,
        users - users / 2,
        0L,
        30.5,
        4.0);
  }
}
