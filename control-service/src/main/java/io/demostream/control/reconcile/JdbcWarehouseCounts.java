package io.demostream.control.reconcile;

import io.demostream.control.warehouse.JdbcWarehouse;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseViews;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.UnaryOperator;

/** {@link WarehouseCounts} of the JDBC warehouse (embedded H2 or PostgreSQL). */
final class JdbcWarehouseCounts implements WarehouseCounts {

  private static final String LATEST_PANES =
      "SELECT "
          + WarehouseTables.WINDOW_START
          + ", "
          + WarehouseTables.USERS
          + " FROM ("
          + WarehouseViews.LATEST_WINDOW_SUMMARY.incarnationSelectSql(UnaryOperator.identity(), "?")
          + ") latest";
  private static final String DEAD_LETTERS =
      "SELECT COUNT(*) FROM "
          + WarehouseTables.DEAD_LETTER.name()
          + " WHERE "
          + WarehouseTables.JOB_ID
          + " = ? AND error NOT LIKE '"
          + SINK_REJECTION_PREFIX
          + "%'";

  private final JdbcWarehouse warehouse;

  JdbcWarehouseCounts(JdbcWarehouse warehouse) {
    this.warehouse = warehouse;
  }

  @Override
  public IncarnationCounts count(String incarnationId, WindowTiling tiling, Instant runStarted) {
    List<WindowPane> panes =
        warehouse
            .jdbcTemplate()
            .query(
                LATEST_PANES,
                (row, index) ->
                    new WindowPane(
                        row.getObject(1, OffsetDateTime.class).toInstant(), row.getLong(2)),
                incarnationId);
    Long deadLetters =
        warehouse.jdbcTemplate().queryForObject(DEAD_LETTERS, Long.class, incarnationId);
    return new IncarnationCounts(
        WindowPane.countedUsers(panes, tiling),
        deadLetters == null ? 0 : deadLetters,
        tiling.describe());
  }
}
