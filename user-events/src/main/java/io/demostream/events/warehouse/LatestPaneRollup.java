package io.demostream.events.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A JDBC warehouse's hourly sums of a {@link LatestPaneTable}: per hour of window starts and key
 * (country and gender, or age band), the latest panes of every incarnation and tiling window of
 * that hour ({@link TilingWindows}) combined into one row as the views combine incarnations: users
 * summed, averages weighted by users. Named {@code <pane table>_hourly}.
 *
 * <p>Why it exists: a week of 1-minute windows has 635,040 country and gender latest panes, and H2
 * needs seconds to sum that many rows; the same week is 10,584 hourly rows. A reader adds up the
 * hours wholly inside its range from here and the partial hours at its edges from the latest-pane
 * table.
 *
 * <p>Kept exact by recomputing: whoever changes latest panes of an hour recomputes that hour
 * ({@link #refresh}) in the same transaction, after its own changes, holding the hour's row in
 * {@code <pane table>_hourly_bucket} locked until it commits. Two writers of one hour therefore
 * take turns, and the later one's recomputation sees the earlier one's committed panes.
 *
 * @param latestPanes the table it sums
 */
public record LatestPaneRollup(LatestPaneTable latestPanes) {

  /** The span of window starts one row covers; buckets start at whole UTC hours. */
  public static final Duration BUCKET = Duration.ofHours(1);

  /** The column holding a bucket's first instant. */
  public static final String BUCKET_START = "bucket_start";

  public LatestPaneRollup {
    if (groupColumnsOf(latestPanes).isEmpty()) {
      throw new IllegalArgumentException(
          latestPanes.name() + " has no key besides its window: nothing to sum by");
    }
  }

  public String name() {
    return latestPanes.source().name() + "_hourly";
  }

  /** The table whose rows are the hours' locks. */
  public String bucketTableName() {
    return name() + "_bucket";
  }

  /** The bucket a window belongs to by its start. */
  public static Instant bucketOf(Instant windowStart) {
    long bucket = BUCKET.toSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(windowStart.getEpochSecond(), bucket) * bucket);
  }

  /** The first bucket starting at or after {@code instant}. */
  public static Instant bucketAtOrAfter(Instant instant) {
    Instant bucket = bucketOf(instant);
    return bucket.equals(instant) ? bucket : bucket.plus(BUCKET);
  }

  /** The key columns besides the window, e.g. country and gender. */
  public List<String> groupColumns() {
    return groupColumnsOf(latestPanes);
  }

  /** bucket_start, the group columns, users, then the average columns. */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>();
    names.add(BUCKET_START);
    names.addAll(groupColumns());
    names.add(WarehouseTables.USERS);
    names.addAll(averageColumns());
    return names;
  }

  /** {@code CREATE TABLE IF NOT EXISTS} of the sums, for H2 and PostgreSQL. */
  public String createTableSql() {
    StringBuilder sql =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ")
            .append(name())
            .append(" (")
            .append(BUCKET_START)
            .append(' ')
            .append(ColumnType.TIMESTAMP.sqlType())
            .append(" NOT NULL, ");
    for (Column column : latestPanes.source().columns()) {
      if (groupColumns().contains(column.name())
          || column.name().equals(WarehouseTables.USERS)
          || averageColumns().contains(column.name())) {
        sql.append(column.name()).append(' ').append(column.type().sqlType()).append(" NOT NULL, ");
      }
    }
    return sql.append("PRIMARY KEY (")
        .append(BUCKET_START)
        .append(", ")
        .append(String.join(", ", groupColumns()))
        .append("))")
        .toString();
  }

  /** {@code CREATE TABLE IF NOT EXISTS} of the hours' locks. */
  public String createBucketTableSql() {
    return "CREATE TABLE IF NOT EXISTS "
        + bucketTableName()
        + " ("
        + BUCKET_START
        + " "
        + ColumnType.TIMESTAMP.sqlType()
        + " NOT NULL PRIMARY KEY, refreshes BIGINT NOT NULL)";
  }

  /**
   * The SQL of one hour's row per key from the latest-pane table; parameters: the bucket start,
   * then the window-start range {@code [bucket start, bucket end)}.
   */
  public String recomputeSql() {
    String users = WarehouseTables.USERS;
    List<String> values = new ArrayList<>();
    values.add("CAST(? AS " + ColumnType.TIMESTAMP.sqlType() + ")");
    values.addAll(groupColumns());
    values.add("SUM(" + users + ")");
    for (String average : averageColumns()) {
      values.add(
          "CAST(SUM("
              + average
              + " * "
              + users
              + ") / SUM("
              + users
              + ") AS "
              + ColumnType.FLOAT64.sqlType()
              + ")");
    }
    return "INSERT INTO "
        + name()
        + " ("
        + String.join(", ", columnNames())
        + ") SELECT "
        + String.join(", ", values)
        + " FROM "
        + latestPanes.name()
        + " WHERE "
        + WarehouseTables.WINDOW_START
        + " >= ? AND "
        + WarehouseTables.WINDOW_START
        + " < ? AND "
        + TilingWindows.condition(TilingWindows::jdbcEpochSeconds)
        + " GROUP BY "
        + String.join(", ", groupColumns());
  }

  /**
   * Recomputes one hour from the latest-pane table, first locking the hour's row in {@link
   * #bucketTableName()}. Run it in the transaction that changed the hour's latest panes, after
   * those changes, and commit soon: the lock is held until then. Hours are best refreshed in
   * ascending order, so that two writers never wait on each other in a cycle.
   *
   * @throws SQLException as the database reports it; a unique violation (23505) means another
   *     writer created the hour's lock row first, and a retry of the transaction succeeds
   */
  public void refresh(Connection connection, Instant bucketStart) throws SQLException {
    OffsetDateTime start = bucketStart.atOffset(ZoneOffset.UTC);
    try (PreparedStatement lock =
        connection.prepareStatement(
            "UPDATE "
                + bucketTableName()
                + " SET refreshes = refreshes + 1 WHERE "
                + BUCKET_START
                + " = ?")) {
      lock.setObject(1, start);
      if (lock.executeUpdate() == 0) {
        try (PreparedStatement create =
            connection.prepareStatement(
                "INSERT INTO "
                    + bucketTableName()
                    + " ("
                    + BUCKET_START
                    + ", refreshes) VALUES (?, 1)")) {
          create.setObject(1, start);
          create.executeUpdate();
        }
      }
    }
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM " + name() + " WHERE " + BUCKET_START + " = ?")) {
      delete.setObject(1, start);
      delete.executeUpdate();
    }
    try (PreparedStatement recompute = connection.prepareStatement(recomputeSql())) {
      recompute.setObject(1, start);
      recompute.setObject(2, start);
      recompute.setObject(3, start.plus(BUCKET));
      recompute.executeUpdate();
    }
  }

  /**
   * Creates the two tables if absent and, unless a fill of the sums completed before, fills them
   * hour by hour from the latest-pane table (each hour committed on its own): how a warehouse older
   * than the sums is upgraded, and how a fill cut short is finished ({@link Relations}). Safe while
   * a writer refreshes hours. Leaves the connection's auto-commit on.
   *
   * @return the hours filled, empty when the sums were filled before
   */
  public OptionalInt createIfAbsent(Connection connection) throws SQLException {
    if (Relations.filled(connection, name())) {
      return OptionalInt.empty();
    }
    connection.setAutoCommit(true);
    Relations.unmark(connection, name());
    try (Statement statement = connection.createStatement()) {
      statement.execute(createBucketTableSql());
      statement.execute(createTableSql());
    }
    int hours = 0;
    OffsetDateTime min;
    OffsetDateTime max;
    try (Statement statement = connection.createStatement();
        ResultSet range =
            statement.executeQuery(
                "SELECT MIN("
                    + WarehouseTables.WINDOW_START
                    + "), MAX("
                    + WarehouseTables.WINDOW_START
                    + ") FROM "
                    + latestPanes.name())) {
      range.next();
      min = range.getObject(1, OffsetDateTime.class);
      max = range.getObject(2, OffsetDateTime.class);
    }
    if (min != null) {
      connection.setAutoCommit(false);
      try {
        for (Instant bucket = bucketOf(min.toInstant());
            !bucket.isAfter(bucketOf(max.toInstant()));
            bucket = bucket.plus(BUCKET)) {
          refresh(connection, bucket);
          connection.commit();
          hours++;
        }
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
    Relations.mark(connection, name());
    return OptionalInt.of(hours);
  }

  /** {@code DROP TABLE IF EXISTS} of both tables. */
  public List<String> dropTablesSql() {
    return List.of("DROP TABLE IF EXISTS " + name(), "DROP TABLE IF EXISTS " + bucketTableName());
  }

  private List<String> averageColumns() {
    return latestPanes.source().columns().stream()
        .filter(column -> column.type() == ColumnType.FLOAT64)
        .map(Column::name)
        .toList();
  }

  /** A latest-pane table's key columns besides the window; none means it has no hourly sums. */
  public static List<String> groupColumnsOf(LatestPaneTable latestPanes) {
    return latestPanes.source().windowKeyColumns().stream()
        .filter(
            column ->
                !column.equals(WarehouseTables.WINDOW_START)
                    && !column.equals(WarehouseTables.WINDOW_END))
        .toList();
  }
}
