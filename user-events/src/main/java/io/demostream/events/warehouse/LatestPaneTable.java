package io.demostream.events.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * A JDBC warehouse's table of the latest pane of every pipeline incarnation, window and key of one
 * pane table: what the inner step of its {@link WarehouseView} computes, kept up to date by the
 * writer instead of ranked from every pane on each read. Named {@code <pane table>_latest_pane}.
 *
 * <p>Why it exists: H2 evaluates the views' window functions over the whole pane table before any
 * range filter, so every read costs the warehouse's whole history. This table holds one row per
 * incarnation, window and key, with its primary key led by {@code window_start}, so a read of a
 * time range touches only the rows of that range. BigQuery has no such table: it prunes the views
 * by partition.
 *
 * <p>The JDBC sink writes every pane to the pane table ({@link WarehouseTable#insertSql()}) and to
 * this table ({@link #upsertSql}), binding the same parameters to both. The upsert keeps the row
 * with the highest {@code pane_index}, then the latest {@code emitted_at}, the order in which the
 * views pick the latest pane, so a pane that arrives after a newer one of its incarnation changes
 * nothing. Rows never add up here: combining the incarnations of a window (counts summed, averages
 * weighted by users) is still the reader's job ({@link WarehouseView#selectFromLatestPanesSql}).
 *
 * <p>{@code job_id} is part of the key, so it cannot be NULL: rows without an incarnation (written
 * before {@code job_id} existed) are stored with {@code ''}, which is still one incarnation of
 * their own (a pipeline's incarnation id is never empty: empty means its job name).
 *
 * @param view the view whose inner step the table keeps
 */
public record LatestPaneTable(WarehouseView view) {

  /** Appended to the pane table's name. */
  public static final String SUFFIX = "_latest_pane";

  /** What {@code job_id} holds for rows without an incarnation. */
  public static final String NO_INCARNATION = "";

  public String name() {
    return source().name() + SUFFIX;
  }

  /** The pane table it keeps the latest panes of. */
  public WarehouseTable source() {
    return view.source();
  }

  /** The pane table's columns, in its order. */
  public List<String> columnNames() {
    return source().columnNames();
  }

  /** The primary key: the window key ({@code window_start} first, for range reads), then job_id. */
  public List<String> keyColumns() {
    List<String> keys = new ArrayList<>(source().windowKeyColumns());
    keys.add(WarehouseTables.JOB_ID);
    return List.copyOf(keys);
  }

  /** {@code CREATE TABLE IF NOT EXISTS} for H2 and PostgreSQL, with its primary key. */
  public String createTableSql() {
    StringBuilder sql =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(name()).append(" (");
    List<String> keyColumns = keyColumns();
    for (Column column : source().columns()) {
      sql.append(column.name()).append(' ').append(column.type().sqlType());
      // The key's job_id too: a primary key column cannot be NULL.
      if (column.required() || keyColumns.contains(column.name())) {
        sql.append(" NOT NULL");
      }
      sql.append(", ");
    }
    return sql.append("PRIMARY KEY (")
        .append(String.join(", ", keyColumns))
        .append("))")
        .toString();
  }

  /**
   * Writes one pane unless this table already holds a later pane of its incarnation, window and
   * key. Its parameters are those of the pane table's {@link WarehouseTable#insertSql()}: the pane
   * table's columns in order, {@code job_id} may be NULL.
   */
  public String upsertSql(SqlDialect dialect) {
    List<String> values = new ArrayList<>();
    for (Column column : source().columns()) {
      values.add(
          dialect == SqlDialect.H2
              // H2 types a VALUES row of bare parameters only when it runs; the casts type it when
              // the statement is prepared.
              ? incarnationOrNone("CAST(? AS " + column.type().sqlType() + ")", column)
              : incarnationOrNone("?", column));
    }
    String row = "(" + String.join(", ", values) + ")";
    return dialect == SqlDialect.H2
        ? merge("(VALUES " + row + ")")
        : insertOnConflict("VALUES " + row);
  }

  /**
   * Writes the latest pane of every incarnation, window and key of the pane table, unless this
   * table holds a later one: how a warehouse whose pane table predates this table fills it. A no-op
   * on an up-to-date table, and safe while a writer upserts.
   */
  public String backfillSql(SqlDialect dialect) {
    String partition =
        "COALESCE("
            + WarehouseTables.JOB_ID
            + ", '"
            + NO_INCARNATION
            + "'), "
            + String.join(", ", source().windowKeyColumns());
    List<String> columns = new ArrayList<>();
    for (Column column : source().columns()) {
      columns.add(incarnationOrNone(column.name(), column) + " AS " + column.name());
    }
    String latest =
        "SELECT "
            + String.join(", ", columns)
            + " FROM ("
            + view.latestPaneSql(partition)
            + ") pane";
    return dialect == SqlDialect.H2 ? merge("(" + latest + ")") : insertOnConflict(latest);
  }

  /**
   * Creates the table if absent and, unless a fill of it completed before, fills it from the pane
   * table ({@link #backfillSql}): how a warehouse older than the table is upgraded, and how a fill
   * cut short is finished ({@link Relations}). A filled table is left to the writer that keeps it.
   * Leaves the connection's auto-commit on.
   *
   * @return the rows filled, empty when the table was filled before
   */
  public OptionalInt createIfAbsent(Connection connection, SqlDialect dialect) throws SQLException {
    if (Relations.filled(connection, name())) {
      return OptionalInt.empty();
    }
    connection.setAutoCommit(true);
    Relations.unmark(connection, name());
    int rows;
    try (Statement statement = connection.createStatement()) {
      statement.execute(createTableSql());
      rows = statement.executeUpdate(backfillSql(dialect));
    }
    Relations.mark(connection, name());
    return OptionalInt.of(rows);
  }

  /** {@code DROP TABLE IF EXISTS}. */
  public String dropTableSql() {
    return "DROP TABLE IF EXISTS " + name();
  }

  private String merge(String rows) {
    String columns = String.join(", ", columnNames());
    String on =
        keyColumns().stream()
            .map(key -> "latest." + key + " = pane." + key)
            .collect(Collectors.joining(" AND "));
    return "MERGE INTO "
        + name()
        + " latest USING "
        + rows
        + " pane ("
        + columns
        + ") ON "
        + on
        + " WHEN MATCHED AND "
        + newer("pane")
        + " THEN UPDATE SET "
        + updates("pane")
        + " WHEN NOT MATCHED THEN INSERT ("
        + columns
        + ") VALUES ("
        + columnNames().stream().map(column -> "pane." + column).collect(Collectors.joining(", "))
        + ")";
  }

  private String insertOnConflict(String rows) {
    return "INSERT INTO "
        + name()
        + " AS latest ("
        + String.join(", ", columnNames())
        + ") "
        + rows
        + " ON CONFLICT ("
        + String.join(", ", keyColumns())
        + ") DO UPDATE SET "
        + updates("EXCLUDED")
        + " WHERE "
        + newer("EXCLUDED");
  }

  /** Whether {@code pane} comes after the stored row in the order the views rank panes. */
  private static String newer(String pane) {
    String index = WarehouseTables.PANE_INDEX;
    String emitted = WarehouseTables.EMITTED_AT;
    return "("
        + pane
        + "."
        + index
        + " > latest."
        + index
        + " OR ("
        + pane
        + "."
        + index
        + " = latest."
        + index
        + " AND "
        + pane
        + "."
        + emitted
        + " > latest."
        + emitted
        + "))";
  }

  private String updates(String pane) {
    return columnNames().stream()
        .filter(column -> !keyColumns().contains(column))
        .map(column -> column + " = " + pane + "." + column)
        .collect(Collectors.joining(", "));
  }

  private static String incarnationOrNone(String value, Column column) {
    return column.name().equals(WarehouseTables.JOB_ID)
        ? "COALESCE(" + value + ", '" + NO_INCARNATION + "')"
        : value;
  }
}
