package io.demostream.control.alerts.evaluation;

import io.demostream.events.panes.WindowPaneMessage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stored panes of a JDBC warehouse, from the latest-pane views ({@code
 * latest_window_by_country_gender}, {@code latest_window_by_age_band}): per window, the cells of
 * its latest pane of every incarnation combined, the age sums rebuilt from the weighted averages.
 */
public class JdbcStoredPanes implements StoredPanes {

  private final Supplier<JdbcTemplate> warehouse;

  public JdbcStoredPanes(Supplier<JdbcTemplate> warehouse) {
    this.warehouse = warehouse;
  }

  @Override
  public List<WindowPaneMessage> latest(Instant from, Instant to) {
    JdbcTemplate jdbc = warehouse.get();
    StoredPaneBuilder windows = new StoredPaneBuilder();
    jdbc.query(
        "SELECT window_start, window_end, country, gender, users, avg_age, avg_registered_age"
            + " FROM latest_window_by_country_gender WHERE window_start >= ? AND window_start < ?",
        rs -> {
          long users = rs.getLong(5);
          windows.cell(
              millis(rs.getTimestamp(1)),
              millis(rs.getTimestamp(2)),
              rs.getString(3),
              rs.getString(4),
              users,
              rs.getDouble(6) * users,
              rs.getDouble(7) * users);
        },
        Timestamp.from(from),
        Timestamp.from(to));
    jdbc.query(
        "SELECT window_start, window_end, age_band, users FROM latest_window_by_age_band"
            + " WHERE window_start >= ? AND window_start < ?",
        rs -> {
          windows.ageBand(
              millis(rs.getTimestamp(1)),
              millis(rs.getTimestamp(2)),
              rs.getString(3),
              rs.getLong(4));
        },
        Timestamp.from(from),
        Timestamp.from(to));
    return windows.build();
  }

  private static long millis(Timestamp timestamp) {
    return timestamp.toInstant().toEpochMilli();
  }
}
