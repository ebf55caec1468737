package io.demostream.control.backfills;

import io.demostream.control.warehouse.JdbcWarehouse;
import io.demostream.events.warehouse.CountedWindowsQuery;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.BadSqlGrammarException;

/** {@link CountedWindows} of the JDBC warehouse: the pipeline's own check, made before launch. */
final class JdbcCountedWindows implements CountedWindows {

  private final JdbcWarehouse warehouse;

  JdbcCountedWindows(JdbcWarehouse warehouse) {
    this.warehouse = warehouse;
  }

  @Override
  public Optional<CountedSpan> intersecting(Instant start, Instant end, String exceptIncarnation) {
    try {
      return query(start, end, exceptIncarnation);
    } catch (BadSqlGrammarException e) {
      if (isMissingTable(e.getSQLException())) {
        // No pipeline has written here yet: nothing is counted.
        return Optional.empty();
      }
      throw e;
    }
  }

  private Optional<CountedSpan> query(Instant start, Instant end, String exceptIncarnation) {
    return warehouse
        .jdbcTemplate()
        .queryForObject(
            CountedWindowsQuery.JDBC_SQL,
            (row, i) ->
                row.getLong(3) == 0
                    ? Optional.<CountedSpan>empty()
                    : Optional.of(
                        new CountedSpan(
                            row.getTimestamp(1).toInstant(),
                            row.getTimestamp(2).toInstant(),
                            row.getLong(3))),
            exceptIncarnation,
            Timestamp.from(start),
            Timestamp.from(end));
  }

  /**
   * H2's SQL states for a table that does not exist (42S04 when the database has no table at all),
   * and PostgreSQL's.
   */
  private static boolean isMissingTable(SQLException e) {
    return e != null && java.util.Set.of("42S02", "42S04", "42P01").contains(e.getSQLState());
  }
}
