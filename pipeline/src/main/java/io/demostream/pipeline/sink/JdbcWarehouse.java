package io.demostream.pipeline.sink;

import io.demostream.events.warehouse.LatestPaneRollup;
import io.demostream.events.warehouse.LatestPaneTable;
import io.demostream.events.warehouse.SqlDialect;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.beam.sdk.io.jdbc.JdbcIO;

/**
 * Where the JDBC sink writes: URL, driver and credentials, and the creation of the whole warehouse
 * before the pipeline starts: the tables (from {@link WarehouseTable#createTableSql()}, and {@link
 * WarehouseTable#addNullableColumnsSql()} for tables an older definition created), the latest-pane
 * tables the sink keeps beside them and their hourly sums ({@link LatestPaneTable}, {@link
 * LatestPaneRollup}, filled from the pane tables when they are new) and the {@code latest_*} views
 * (from {@link WarehouseView#createViewSql()}), so that a warehouse the pipeline made alone is as
 * complete as one the control-service provisioned.
 *
 * @param password empty for none; never logged
 */
public record JdbcWarehouse(String url, String user, String password) implements Serializable {

  public JdbcWarehouse {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("--jdbcUrl is required for --sink=jdbc");
    }
    driverClass(url);
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  /**
   * @throws IllegalArgumentException for a database the bundled jar has no driver for
   */
  public static String driverClass(String url) {
    if (url.startsWith("jdbc:h2:")) {
      return "org.h2.Driver";
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return "org.postgresql.Driver";
    }
    throw new IllegalArgumentException(
        "--jdbcUrl must start with jdbc:h2: or jdbc:postgresql: (the bundled drivers)");
  }

  /** The database the URL names, for the statements that differ (the latest-pane upsert). */
  public SqlDialect dialect() {
    return SqlDialect.ofJdbcUrl(url);
  }

  /**
   * Creates every warehouse table that does not exist yet, adds the columns an existing one lacks
   * (such as {@code job_id}) in place, creates each missing latest-pane table and hourly sums table
   * and fills it, then creates or replaces every view. Idempotent.
   */
  public void createIfAbsent() {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (WarehouseTable table : WarehouseTables.ALL) {
        statement.execute(table.createTableSql());
        for (String sql : table.addNullableColumnsSql()) {
          statement.execute(sql);
        }
      }
      // Filled from the panes only when new: afterwards the sink keeps them up to date.
      for (LatestPaneTable table : WarehouseViews.LATEST_PANE_TABLES) {
        table.createIfAbsent(connection, dialect());
      }
      for (LatestPaneRollup rollup : WarehouseViews.ROLLUPS) {
        rollup.createIfAbsent(connection);
      }
      for (WarehouseView view : WarehouseViews.ALL) {
        createOrReplace(connection, view);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create the warehouse at " + url + ": " + e.getMessage(), e);
    }
  }

  /**
   * PostgreSQL's {@code CREATE OR REPLACE VIEW} refuses a view whose columns changed other than by
   * appending; such a view (from an older definition) is dropped and created again.
   */
  private static void createOrReplace(Connection connection, WarehouseView view)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      try {
        statement.execute(view.createViewSql());
      } catch (SQLException incompatible) {
        connection.rollback();
        statement.execute("DROP VIEW IF EXISTS " + view.name());
        statement.execute(view.createViewSql());
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  public Connection connect() throws SQLException {
    return user.isEmpty()
        ? DriverManager.getConnection(url)
        : DriverManager.getConnection(url, user, password);
  }

  JdbcIO.DataSourceConfiguration dataSourceConfiguration() {
    JdbcIO.DataSourceConfiguration configuration =
        JdbcIO.DataSourceConfiguration.create(driverClass(url), url);
    if (!user.isEmpty()) {
      configuration = configuration.withUsername(user);
    }
    if (!password.isEmpty()) {
      configuration = configuration.withPassword(password);
    }
    return configuration;
  }

  @Override
  public String toString() {
    return "JdbcWarehouse[url=" + url + ", user=" + user + "]";
  }
}
