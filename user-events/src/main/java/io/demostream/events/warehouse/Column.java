package io.demostream.events.warehouse;

/**
 * One column of a warehouse table.
 *
 * @param name snake_case, identical in BigQuery and SQL
 * @param required BigQuery mode REQUIRED, SQL {@code NOT NULL}
 */
public record Column(String name, ColumnType type, boolean required, String description) {

  static Column required(String name, ColumnType type, String description) {
    return new Column(name, type, true, description);
  }

  static Column nullable(String name, ColumnType type, String description) {
    return new Column(name, type, false, description);
  }
}
