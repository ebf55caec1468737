package io.demostream.pipeline.backfill;

import io.demostream.events.warehouse.CountedWindowsQuery;
import io.demostream.pipeline.sink.JdbcWarehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Refuses a backfill whose range intersects windows another incarnation (a stream, or another
 * backfill) already wrote: the views add incarnations up, so the same users counted by both would
 * be counted twice. A re-run of the same incarnation is allowed: its panes replace its own.
 *
 * <p>Checked on the JDBC warehouse before the pipeline is built; the control-service makes the same
 * check before it launches a backfill on any warehouse.
 */
public final class BackfillOverlap {

  private BackfillOverlap() {}

  /**
   * @throws IllegalArgumentException naming the windows already counted in {@code range}
   */
  public static void refuseIfCounted(
      JdbcWarehouse warehouse, BackfillRange range, String incarnationId) {
    String sql = CountedWindowsQuery.JDBC_SQL;
    try (Connection connection = warehouse.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, incarnationId);
      statement.setObject(2, OffsetDateTime.ofInstant(range.start(), ZoneOffset.UTC));
      statement.setObject(3, OffsetDateTime.ofInstant(range.end(), ZoneOffset.UTC));
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        if (result.getLong(3) > 0) {
          throw new IllegalArgumentException(
              "the backfill's range "
                  + range
                  + " overlaps windows another incarnation already counted, ["
                  + result.getObject(1, OffsetDateTime.class).toInstant()
                  + ", "
                  + result.getObject(2, OffsetDateTime.class).toInstant()
                  + "): refused, it would count them twice; backfill a range before or after it");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot check the backfill's range: " + e.getMessage(), e);
    }
  }
}
