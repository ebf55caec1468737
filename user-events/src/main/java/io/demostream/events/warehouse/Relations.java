package io.demostream.events.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a JDBC warehouse (H2 or PostgreSQL) already holds, and which of the tables filled from
 * others ({@link LatestPaneTable}, {@link LatestPaneRollup}) were filled completely: {@value
 * #FILLS} lists them. A fill unmarks its table first and marks it when done, so a fill cut short
 * (the process killed, the database gone) is done again by the next start instead of leaving a
 * table that exists but misses rows.
 */
public final class Relations {

  /** The table of completed fills. */
  public static final String FILLS = "warehouse_fills";

  private Relations() {}

  /** Whether the current schema has a table or view of that name (H2 folds names to upper case). */
  static boolean exists(Connection connection, String name) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE LOWER(TABLE_NAME) = ? AND TABLE_SCHEMA = CURRENT_SCHEMA")) {
      query.setString(1, name);
      try (ResultSet result = query.executeQuery()) {
        return result.next() && result.getLong(1) > 0;
      }
    }
  }

  /** Whether the table exists and its fill completed. */
  static boolean filled(Connection connection, String table) throws SQLException {
    if (!exists(connection, table) || !exists(connection, FILLS)) {
      return false;
    }
    try (PreparedStatement query =
        connection.prepareStatement("SELECT COUNT(*) FROM " + FILLS + " WHERE table_name = ?")) {
      query.setString(1, table);
      try (ResultSet result = query.executeQuery()) {
        return result.next() && result.getLong(1) > 0;
      }
    }
  }

  /** Before a fill: the table is not (or no longer) completely filled. */
  static void unmark(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS "
              + FILLS
              + " (table_name VARCHAR NOT NULL PRIMARY KEY, filled_at "
              + ColumnType.TIMESTAMP.sqlType()
              + " NOT NULL)");
    }
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM " + FILLS + " WHERE table_name = ?")) {
      delete.setString(1, table);
      delete.executeUpdate();
    }
  }

  /** After a fill: the table is completely filled. */
  static void mark(Connection connection, String table) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO " + FILLS + " (table_name, filled_at) VALUES (?, CURRENT_TIMESTAMP)")) {
      insert.setString(1, table);
      insert.executeUpdate();
    }
  }
}
