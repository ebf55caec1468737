package io.demostream.events.warehouse;

import java.util.function.UnaryOperator;

/**
 * A view over one warehouse table, in SQL that BigQuery, H2 and PostgreSQL all accept.
 *
 * @param source the table it reads
 */
public record WarehouseView(String name, String description, WarehouseTable source) {

  /**
   * The view's {@code SELECT}: the latest pane (highest {@code pane_index}) for every window key of
   * {@link #source}, with the table's own columns.
   *
   * @param tableReference turns a table name into the reference the dialect needs, e.g. {@code
   *     `project.dataset.window_summary`} for BigQuery or the bare name for SQL
   */
  public String selectSql(UnaryOperator<String> tableReference) {
    String columns = String.join(", ", source.columnNames());
    String partition = String.join(", ", source.windowKeyColumns());
    return "SELECT "
        + columns
        + " FROM (SELECT "
        + columns
        + ", ROW_NUMBER() OVER (PARTITION BY "
        + partition
        + " ORDER BY "
        + WarehouseTables.PANE_INDEX
        + " DESC, "
        + WarehouseTables.EMITTED_AT
        + " DESC) AS pane_rank FROM "
        + tableReference.apply(source.name())
        + ") ranked WHERE pane_rank = 1";
  }

  /** {@code CREATE OR REPLACE VIEW name AS ...} for H2 and PostgreSQL. */
  public String createViewSql() {
    return "CREATE OR REPLACE VIEW " + name + " AS " + selectSql(UnaryOperator.identity());
  }
}
