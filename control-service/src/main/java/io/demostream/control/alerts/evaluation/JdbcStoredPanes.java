package io.demostream.control.alerts.evaluation;

import io.demostream.events.panes.WindowPaneMessage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    Map<List<Long>, Builder> windows =
        new TreeMap<>(
            (a, b) -> {
              int c = Long.compare(a.get(0), b.get(0));
              return c != 0 ? c : Long.compare(a.get(1), b.get(1));
            });
    jdbc.query(
        "SELECT window_start, window_end, country, gender, users, avg_age, avg_registered_age"
            + " FROM latest_window_by_country_gender WHERE window_start >= ? AND window_start < ?",
        rs -> {
          Builder window =
              windows.computeIfAbsent(
                  key(rs.getTimestamp(1), rs.getTimestamp(2)), k -> new Builder(k));
          long users = rs.getLong(5);
          window.cells.add(
              new WindowPaneMessage.Cell(
                  rs.getString(3),
                  rs.getString(4),
                  users,
                  rs.getDouble(6) * users,
                  rs.getDouble(7) * users));
        },
        Timestamp.from(from),
        Timestamp.from(to));
    jdbc.query(
        "SELECT window_start, window_end, age_band, users FROM latest_window_by_age_band"
            + " WHERE window_start >= ? AND window_start < ?",
        rs -> {
          Builder window =
              windows.computeIfAbsent(
                  key(rs.getTimestamp(1), rs.getTimestamp(2)), k -> new Builder(k));
          window.bands.add(new WindowPaneMessage.AgeBandCell(rs.getString(3), rs.getLong(4)));
        },
        Timestamp.from(from),
        Timestamp.from(to));
    return windows.values().stream().map(Builder::build).toList();
  }

  private static List<Long> key(Timestamp start, Timestamp end) {
    return List.of(start.toInstant().toEpochMilli(), end.toInstant().toEpochMilli());
  }

  private static final class Builder {
    final List<Long> window;
    final List<WindowPaneMessage.Cell> cells = new ArrayList<>();
    final List<WindowPaneMessage.AgeBandCell> bands = new ArrayList<>();

    Builder(List<Long> window) {
      this.window = window;
    }

    WindowPaneMessage build() {
      // The stored latest pane is the window's final verdict: judged as its on-time pane.
      return new WindowPaneMessage(
          "warehouse", window.get(0), window.get(1), "ON_TIME", 0, window.get(1), cells, bands);
    }
  }
}
