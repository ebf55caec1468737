package io.demostream.events.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What a JDBC warehouse (H2 or PostgreSQL) already holds. */
final class Relations {

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
}
