package io.demostream.pipeline.sink;

import io.demostream.events.warehouse.Column;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseViews;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;

/**
 * Writes warehouse rows (every table, dead letters included) into a SQL database with JdbcIO, one
 * write per table with that table's {@link WarehouseTable#insertSql()}, and every pane a second
 * time into its table's latest panes, with their hourly sums, by {@link UpsertLatestPanesFn} (one
 * row per incarnation, window and key, which the insights read by range). Create the tables first
 * with {@link JdbcWarehouse#createIfAbsent()}. Connection faults and transaction rollbacks are
 * retried with exponential backoff (so are the upserts that raced another writer of the same key or
 * hour); anything else fails the bundle, which the runner retries: both writes are idempotent for
 * the readers.
 */
public final class WriteToJdbc extends PTransform<PCollection<WarehouseRow>, PDone> {

  /** Small batches: panes are few and readers want them promptly. */
  static final long BATCH_SIZE = 500;

  private final JdbcWarehouse warehouse;

  public WriteToJdbc(JdbcWarehouse warehouse) {
    this.warehouse = warehouse;
  }

  @Override
  public PDone expand(PCollection<WarehouseRow> rows) {
    for (WarehouseTable table : WarehouseTables.ALL) {
      String name = table.name();
      String step = upperCamel(name);
      PCollection<WarehouseRow> tableRows =
          rows.apply("Select" + step, Filter.by(row -> row.table().equals(name)));
      tableRows.apply(
          "Write" + step,
          JdbcIO.<WarehouseRow>write()
              .withDataSourceConfiguration(warehouse.dataSourceConfiguration())
              .withStatement(table.insertSql())
              .withBatchSize(BATCH_SIZE)
              .withRetryStrategy(WriteToJdbc::isTransient)
              .withRetryConfiguration(
                  JdbcIO.RetryConfiguration.create(
                      6, Duration.standardMinutes(2), Duration.millis(500)))
              .withPreparedStatementSetter(new RowSetter(name)));
      WarehouseViews.latestPanesOf(table)
          .ifPresent(
              latest ->
                  tableRows.apply(
                      "Upsert" + upperCamel(latest.name()),
                      ParDo.of(new UpsertLatestPanesFn(warehouse, name))));
    }
    return PDone.in(rows.getPipeline());
  }

  /** Lost connections (SQLSTATE 08) and rolled-back transactions (40) are worth retrying. */
  static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    return e instanceof java.sql.SQLTransientException
        || e instanceof java.sql.SQLRecoverableException
        || (state != null && (state.startsWith("08") || state.startsWith("40")));
  }

  /**
   * For the latest panes, also a race with another writer of the same key or hour: both inserted it
   * (unique violation, 23505), or H2 timed out on its row lock (HYT00) or saw it change (90131).
   * The retry finds the row and keeps the later pane.
   */
  static boolean isTransientOrRace(SQLException e) {
    String state = e.getSQLState();
    return isTransient(e)
        || "23505".equals(state)
        || "HYT00".equals(state)
        || "90131".equals(state);
  }

  /** {@code window_summary} becomes {@code WindowSummary}, for stable step names. */
  static String upperCamel(String snakeCase) {
    StringBuilder camel = new StringBuilder();
    for (String part : snakeCase.split("_")) {
      camel.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return camel.toString();
  }

  /** Binds a row's values in column order, typed by the shared definition. */
  static final class RowSetter implements JdbcIO.PreparedStatementSetter<WarehouseRow> {
    private final String tableName;

    RowSetter(String tableName) {
      this.tableName = tableName;
    }

    @Override
    public void setParameters(WarehouseRow row, PreparedStatement statement) throws SQLException {
      List<Column> columns = WarehouseTables.byName(tableName).columns();
      for (int i = 0; i < columns.size(); i++) {
        Column column = columns.get(i);
        Object value = row.values().get(column.name());
        int index = i + 1;
        switch (column.type()) {
          case TIMESTAMP -> {
            if (value == null) {
              statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
              statement.setObject(index, OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
            }
          }
          case STRING -> statement.setString(index, (String) value);
          case INT64 -> {
            if (value == null) {
              statement.setNull(index, Types.BIGINT);
            } else {
              statement.setLong(index, (Long) value);
            }
          }
          case FLOAT64 -> {
            if (value == null) {
              statement.setNull(index, Types.DOUBLE);
            } else {
              statement.setDouble(index, (Double) value);
            }
          }
        }
      }
    }
  }
}
