package io.demostream.events.warehouse;

import java.util.List;

/**
 * A warehouse table.
 *
 * @param partitionColumn the TIMESTAMP column BigQuery partitions the table on by day
 * @param clusterColumns BigQuery clustering columns, most selective first; may be empty
 * @param windowKeyColumns for aggregate tables, the columns that identify one window's value
 *     (window bounds plus any grouping key), whose latest pane the views keep; empty for tables
 *     that are not panes
 */
public record WarehouseTable(
    String name,
    String description,
    List<Column> columns,
    String partitionColumn,
    List<String> clusterColumns,
    List<String> windowKeyColumns) {

  public WarehouseTable {
    columns = List.copyOf(columns);
    clusterColumns = List.copyOf(clusterColumns);
    windowKeyColumns = List.copyOf(windowKeyColumns);
    List<String> names = columns.stream().map(Column::name).toList();
    if (!names.contains(partitionColumn)) {
      throw new IllegalArgumentException(name + ": unknown partition column " + partitionColumn);
    }
    for (String column : clusterColumns) {
      if (!names.contains(column)) {
        throw new IllegalArgumentException(name + ": unknown cluster column " + column);
      }
    }
    for (String column : windowKeyColumns) {
      if (!names.contains(column)) {
        throw new IllegalArgumentException(name + ": unknown window key column " + column);
      }
    }
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  /** {@code CREATE TABLE IF NOT EXISTS} for H2 and PostgreSQL. */
  public String createTableSql() {
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(name).append(" (");
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      sql.append(i == 0 ? "" : ", ")
          .append(column.name())
          .append(' ')
          .append(column.type().sqlType());
      if (column.required()) {
        sql.append(" NOT NULL");
      }
    }
    return sql.append(')').toString();
  }

  /**
   * {@code ALTER TABLE name ADD COLUMN IF NOT EXISTS column type} for H2 and PostgreSQL: how an
   * existing table gains a column of the definition in place. Always nullable, since the table's
   * existing rows have no value for it.
   */
  public String addColumnSql(Column column) {
    if (!columns.contains(column)) {
      throw new IllegalArgumentException(name + " has no column " + column.name());
    }
    return "ALTER TABLE "
        + name
        + " ADD COLUMN IF NOT EXISTS "
        + column.name()
        + ' '
        + column.type().sqlType();
  }

  /**
   * Statements that bring a table created by an older definition up to this one: {@link
   * #addColumnSql} for every nullable column (the required ones exist since the table's creation).
   * Each is a no-op on an up-to-date table.
   */
  public List<String> addNullableColumnsSql() {
    return columns.stream().filter(column -> !column.required()).map(this::addColumnSql).toList();
  }

  /** {@code INSERT INTO name (c1, c2, ...) VALUES (?, ?, ...)} in column order. */
  public String insertSql() {
    String placeholders = String.join(", ", columns.stream().map(column -> "?").toList());
    return "INSERT INTO "
        + name
        + " ("
        + String.join(", ", columnNames())
        + ") VALUES ("
        + placeholders
        + ")";
  }
}
