package io.demostream.pipeline.testing;

import io.demostream.pipeline.sink.JdbcWarehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a JDBC warehouse in tests: each row as its values joined with {@code |}. */
public final class Warehouse {

  private Warehouse() {}

  public static List<String> query(JdbcWarehouse warehouse, String sql) {
    List<String> rows = new ArrayList<>();
    try (Connection connection = warehouse.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(result.getString(i));
        }
        rows.add(String.join("|", values));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
    return rows;
  }

  public static long count(JdbcWarehouse warehouse, String sql) {
    return Long.parseLong(query(warehouse, sql).get(0));
  }
}
