package io.demostream.control.resources;

import io.demostream.control.warehouse.JdbcWarehouse;
import io.demostream.events.warehouse.LatestPaneRollup;
import io.demostream.events.warehouse.LatestPaneTable;
import io.demostream.events.warehouse.Relations;
import io.demostream.events.warehouse.SqlDialect;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The warehouse tables, their latest-pane tables and hourly sums, and the latest-pane views in the
 * JDBC warehouse (embedded H2 or PostgreSQL), from {@link WarehouseTable#createTableSql}, {@link
 * LatestPaneTable#createIfAbsent}, {@link LatestPaneRollup#createIfAbsent} and {@link
 * WarehouseView#createViewSql}. A table that lacks columns of the definition gets them added in
 * place ({@link WarehouseTable#addColumnSql}); a latest-pane table or hourly sums table is filled
 * when it is created, which upgrades a warehouse older than those tables; a view whose columns
 * differ from {@link WarehouseView#columnNames} is replaced.
 */
class JdbcWarehouseProvisioner implements Provisioner {

  // Both H2 and PostgreSQL keep INFORMATION_SCHEMA; names are folded to upper (H2) or lower case.
  private static final String RELATION_TYPE =
      "SELECT TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES"
          + " WHERE LOWER(TABLE_NAME) = ? AND TABLE_SCHEMA = CURRENT_SCHEMA";
  private static final String COLUMNS =
      "SELECT LOWER(COLUMN_NAME) FROM INFORMATION_SCHEMA.COLUMNS"
          + " WHERE LOWER(TABLE_NAME) = ? AND TABLE_SCHEMA = CURRENT_SCHEMA";

  private final JdbcWarehouse warehouse;
  private final TransientFaultRetry retry;

  JdbcWarehouseProvisioner(JdbcWarehouse warehouse, TransientFaultRetry retry) {
    this.warehouse = warehouse;
    this.retry = retry;
  }

  @Override
  public List<ResourceState> ensure() {
    List<ResourceState> states = new ArrayList<>();
    for (WarehouseTable table : WarehouseTables.ALL) {
      states.add(
          ResourceOperationException.guard(
              ResourceKind.JDBC_TABLE, table.name(), () -> ensureTable(table)));
    }
    for (LatestPaneTable table : WarehouseViews.LATEST_PANE_TABLES) {
      states.add(
          ResourceOperationException.guard(
              ResourceKind.JDBC_TABLE, table.name(), () -> ensureLatestPanes(table)));
    }
    for (LatestPaneRollup rollup : WarehouseViews.ROLLUPS) {
      states.add(
          ResourceOperationException.guard(
              ResourceKind.JDBC_TABLE, rollup.name(), () -> ensureRollup(rollup)));
    }
    for (WarehouseView view : WarehouseViews.ALL) {
      states.add(
          ResourceOperationException.guard(
              ResourceKind.JDBC_VIEW, view.name(), () -> ensureView(view)));
    }
    return states;
  }

  @Override
  public List<ResourceState> describe() {
    List<ResourceState> states = new ArrayList<>();
    for (String table : tableNames()) {
      states.add(describe(ResourceKind.JDBC_TABLE, table));
    }
    for (WarehouseView view : WarehouseViews.ALL) {
      states.add(describe(ResourceKind.JDBC_VIEW, view.name()));
    }
    return states;
  }

  @Override
  public List<ResourceState> delete() {
    List<ResourceState> states = new ArrayList<>();
    // Views first: they depend on the tables.
    for (WarehouseView view : WarehouseViews.ALL) {
      states.add(drop(ResourceKind.JDBC_VIEW, view.name(), "DROP VIEW IF EXISTS "));
    }
    for (String table : tableNames()) {
      states.add(drop(ResourceKind.JDBC_TABLE, table, "DROP TABLE IF EXISTS "));
    }
    return states;
  }

  @Override
  public List<ResourceState> notApplicable(String reason) {
    List<ResourceState> states = new ArrayList<>();
    tableNames()
        .forEach(
            table ->
                states.add(
                    new ResourceState(
                        ResourceKind.JDBC_TABLE, table, ResourceStatus.NOT_APPLICABLE, reason)));
    WarehouseViews.ALL.forEach(
        view ->
            states.add(
                new ResourceState(
                    ResourceKind.JDBC_VIEW, view.name(), ResourceStatus.NOT_APPLICABLE, reason)));
    return states;
  }

  private ResourceState ensureTable(WarehouseTable table) {
    JdbcTemplate jdbc = warehouse.jdbcTemplate();
    if (relationType(table.name()) == null) {
      retry.run("create-table", () -> jdbc.execute(table.createTableSql()));
      return ResourceState.of(ResourceKind.JDBC_TABLE, table.name(), ResourceStatus.CREATED);
    }
    Set<String> present = columns(table.name());
    List<String> added = new ArrayList<>();
    for (var column : table.columns()) {
      if (!present.contains(column.name())) {
        // Added as nullable: existing rows have no value for it (old rows' job_id is NULL, which
        // the views count as one incarnation).
        retry.run("add-column", () -> jdbc.execute(table.addColumnSql(column)));
        added.add(column.name());
      }
    }
    if (added.isEmpty()) {
      return ResourceState.of(ResourceKind.JDBC_TABLE, table.name(), ResourceStatus.EXISTED);
    }
    return new ResourceState(
        ResourceKind.JDBC_TABLE,
        table.name(),
        ResourceStatus.UPDATED,
        "added columns " + String.join(", ", added));
  }

  /**
   * The pane tables, their latest-pane tables, the hourly sums, then the record of completed fills:
   * the order of creation.
   */
  private static List<String> tableNames() {
    List<String> names = new ArrayList<>();
    WarehouseTables.ALL.forEach(table -> names.add(table.name()));
    WarehouseViews.LATEST_PANE_TABLES.forEach(table -> names.add(table.name()));
    for (LatestPaneRollup rollup : WarehouseViews.ROLLUPS) {
      names.add(rollup.name());
      names.add(rollup.bucketTableName());
    }
    names.add(Relations.FILLS);
    return names;
  }

  /**
   * Created and filled from its pane table unless filled before (a fill cut short is done again):
   * afterwards the pipeline's sink keeps it up to date. The backfill is an upsert, so a sink
   * writing meanwhile loses nothing.
   */
  private ResourceState ensureLatestPanes(LatestPaneTable table) {
    SqlDialect dialect = SqlDialect.ofJdbcUrl(warehouse.jdbcUrl());
    OptionalInt filled =
        retry.call(
            "create-table",
            () ->
                warehouse
                    .jdbcTemplate()
                    .execute(
                        (ConnectionCallback<OptionalInt>)
                            connection -> table.createIfAbsent(connection, dialect)));
    return filled.isEmpty()
        ? ResourceState.of(ResourceKind.JDBC_TABLE, table.name(), ResourceStatus.EXISTED)
        : new ResourceState(
            ResourceKind.JDBC_TABLE,
            table.name(),
            ResourceStatus.CREATED,
            "filled with the latest pane of "
                + filled.getAsInt()
                + " incarnation, window and key combinations of "
                + table.source().name());
  }

  /** Like the latest-pane tables: created and filled hour by hour unless filled before. */
  private ResourceState ensureRollup(LatestPaneRollup rollup) {
    OptionalInt hours =
        retry.call(
            "create-table",
            () ->
                warehouse
                    .jdbcTemplate()
                    .execute((ConnectionCallback<OptionalInt>) rollup::createIfAbsent));
    return hours.isEmpty()
        ? ResourceState.of(ResourceKind.JDBC_TABLE, rollup.name(), ResourceStatus.EXISTED)
        : new ResourceState(
            ResourceKind.JDBC_TABLE,
            rollup.name(),
            ResourceStatus.CREATED,
            "filled with "
                + hours.getAsInt()
                + " hours of "
                + rollup.latestPanes().name()
                + " (lock rows in "
                + rollup.bucketTableName()
                + ")");
  }

  private ResourceState ensureView(WarehouseView view) {
    JdbcTemplate jdbc = warehouse.jdbcTemplate();
    boolean exists = relationType(view.name()) != null;
    if (exists && columns(view.name()).equals(Set.copyOf(view.columnNames()))) {
      return ResourceState.of(ResourceKind.JDBC_VIEW, view.name(), ResourceStatus.EXISTED);
    }
    retry.run("create-view", () -> jdbc.execute(view.createViewSql()));
    return exists
        ? new ResourceState(
            ResourceKind.JDBC_VIEW,
            view.name(),
            ResourceStatus.UPDATED,
            "columns differed from the definition")
        : ResourceState.of(ResourceKind.JDBC_VIEW, view.name(), ResourceStatus.CREATED);
  }

  private ResourceState describe(ResourceKind kind, String name) {
    return ResourceOperationException.guard(
        kind, name, () -> ResourceState.ofExistence(kind, name, relationType(name) != null));
  }

  private ResourceState drop(ResourceKind kind, String name, String dropStatement) {
    return ResourceOperationException.guard(
        kind,
        name,
        () -> {
          if (relationType(name) == null) {
            return ResourceState.of(kind, name, ResourceStatus.MISSING);
          }
          warehouse.jdbcTemplate().execute(dropStatement + name);
          return ResourceState.of(kind, name, ResourceStatus.DELETED);
        });
  }

  /** {@code BASE TABLE}, {@code VIEW} (or the database's spelling), or null when absent. */
  private String relationType(String name) {
    List<String> types =
        retry.call(
            "find-relation",
            () ->
                warehouse
                    .jdbcTemplate()
                    .queryForList(RELATION_TYPE, String.class, name.toLowerCase(Locale.ROOT)));
    return types.isEmpty() ? null : types.get(0);
  }

  private Set<String> columns(String name) {
    return retry.call(
        "find-columns",
        () ->
            warehouse
                .jdbcTemplate()
                .queryForList(COLUMNS, String.class, name.toLowerCase(Locale.ROOT))
                .stream()
                .collect(Collectors.toSet()));
  }
}
