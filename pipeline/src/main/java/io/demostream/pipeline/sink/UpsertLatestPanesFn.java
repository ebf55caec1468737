package io.demostream.pipeline.sink;

import io.demostream.events.warehouse.LatestPaneRollup;
import io.demostream.events.warehouse.LatestPaneTable;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseViews;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upserts panes into their table's {@link LatestPaneTable} and recomputes the hours of its {@link
 * LatestPaneRollup} they changed, in one transaction per batch: a reader of the hourly sums never
 * sees an hour that disagrees with the latest panes. Rows are written in key order and hours
 * refreshed in ascending order, so concurrent batches wait on each other rather than deadlock; a
 * batch that still meets a transient fault or a race with another writer of the same key or hour is
 * rolled back and retried with exponential backoff, then fails the bundle (which the runner
 * retries; the batch is idempotent).
 */
final class UpsertLatestPanesFn extends DoFn<WarehouseRow, Void> {

  static final int MAX_ATTEMPTS = 6;
  static final long FIRST_BACKOFF_MILLIS = 500;

  private static final Logger LOG = LoggerFactory.getLogger(UpsertLatestPanesFn.class);

  private final JdbcWarehouse warehouse;
  private final String tableName;
  private final Counter retries = Metrics.counter("demographics", "latest_pane_write_retries");

  private transient List<WarehouseRow> batch;
  private transient Connection connection;

  UpsertLatestPanesFn(JdbcWarehouse warehouse, String tableName) {
    this.warehouse = warehouse;
    this.tableName = tableName;
  }

  @StartBundle
  public void startBundle() {
    batch = new ArrayList<>();
  }

  @ProcessElement
  public void processElement(@Element WarehouseRow row) throws Exception {
    batch.add(row);
    if (batch.size() >= WriteToJdbc.BATCH_SIZE) {
      flush();
    }
  }

  @FinishBundle
  public void finishBundle() throws Exception {
    flush();
  }

  @Teardown
  public void teardown() {
    closeConnection();
  }

  private void flush() throws Exception {
    if (batch.isEmpty()) {
      return;
    }
    LatestPaneTable latest =
        WarehouseViews.latestPanesOf(WarehouseTables.byName(tableName)).orElseThrow();
    Optional<LatestPaneRollup> rollup = WarehouseViews.rollupOf(latest);
    List<String> keys = latest.keyColumns();
    batch.sort(Comparator.comparing(row -> String.valueOf(keys.stream().map(row::get).toList())));
    TreeSet<Instant> hours = new TreeSet<>();
    for (WarehouseRow row : batch) {
      hours.add(LatestPaneRollup.bucketOf((Instant) row.get(WarehouseTables.WINDOW_START)));
    }
    long backoff = FIRST_BACKOFF_MILLIS;
    for (int attempt = 1; ; attempt++) {
      try {
        write(latest, rollup, hours);
        batch.clear();
        return;
      } catch (SQLException e) {
        rollbackQuietly();
        if (attempt >= MAX_ATTEMPTS || !WriteToJdbc.isTransientOrRace(e)) {
          throw e;
        }
        if (WriteToJdbc.isTransient(e)) {
          closeConnection();
        }
        retries.inc();
        LOG.warn(
            "{}: attempt {} of {} failed ({}, SQLSTATE {}); retrying in {} ms",
            latest.name(),
            attempt,
            MAX_ATTEMPTS,
            e.getMessage(),
            e.getSQLState(),
            backoff);
        Thread.sleep(backoff);
        backoff *= 2;
      }
    }
  }

  private void write(
      LatestPaneTable latest, Optional<LatestPaneRollup> rollup, TreeSet<Instant> hours)
      throws SQLException {
    Connection connection = connection();
    WriteToJdbc.RowSetter setter = new WriteToJdbc.RowSetter(tableName);
    try (PreparedStatement upsert =
        connection.prepareStatement(latest.upsertSql(warehouse.dialect()))) {
      for (WarehouseRow row : batch) {
        setter.setParameters(row, upsert);
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
    if (rollup.isPresent()) {
      for (Instant hour : hours) {
        rollup.get().refresh(connection, hour);
      }
    }
    connection.commit();
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = warehouse.connect();
      connection.setAutoCommit(false);
    }
    return connection;
  }

  private void rollbackQuietly() {
    try {
      if (connection != null && !connection.isClosed()) {
        connection.rollback();
      }
    } catch (SQLException e) {
      closeConnection();
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("closing the warehouse connection", e);
      }
      connection = null;
    }
  }
}
