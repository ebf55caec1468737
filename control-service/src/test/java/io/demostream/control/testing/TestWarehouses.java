package io.demostream.control.testing;

import io.demostream.control.local.LocalProperties;
import io.demostream.control.warehouse.JdbcWarehouse;
import io.demostream.control.warehouse.WarehouseProperties;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * JDBC warehouses for tests, as the local deployment opens them: the embedded H2 file under a data
 * folder, or any JDBC URL; with the pane tables of the shared definition when a test needs them.
 * The caller closes a warehouse with {@link JdbcWarehouse#destroy}.
 */
public final class TestWarehouses {

  private TestWarehouses() {}

  /** The local deployment's settings over {@code dataDir}, otherwise its defaults. */
  public static LocalProperties local(Path dataDir) {
    return new LocalProperties(
        dataDir,
        Path.of("unused.jar"),
        "pubsub",
        List.of(),
        List.of(),
        Duration.ofSeconds(60),
        Duration.ofSeconds(5),
        "flink",
        Duration.ofSeconds(10),
        5,
        Duration.ofSeconds(5));
  }

  /** The embedded H2 file warehouse under {@code dataDir}, empty. */
  public static JdbcWarehouse embedded(Path dataDir) {
    return warehouse(WarehouseProperties.Type.JDBC, "", dataDir);
  }

  /** A warehouse of {@code type} at {@code jdbcUrl} (blank: the embedded one under dataDir). */
  public static JdbcWarehouse warehouse(
      WarehouseProperties.Type type, String jdbcUrl, Path dataDir) {
    return new JdbcWarehouse(new WarehouseProperties(type, jdbcUrl, "", "", 2), local(dataDir));
  }

  /** Creates the pane tables of the shared definition ({@link WarehouseTables#ALL}). */
  public static JdbcWarehouse withTables(JdbcWarehouse warehouse) {
    for (WarehouseTable table : WarehouseTables.ALL) {
      warehouse.jdbcTemplate().execute(table.createTableSql());
    }
    return warehouse;
  }
}
