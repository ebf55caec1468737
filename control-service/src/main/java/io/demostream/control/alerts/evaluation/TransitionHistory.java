package io.demostream.control.alerts.evaluation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Recorded transitions ({@code alert_transitions}) over a time range. */
public class TransitionHistory {

  /** One recorded transition, as {@code GET /api/v1/alerts/history} answers it. */
  public record Transition(
      long id,
      String ruleId,
      String ruleName,
      long ruleVersion,
      String severity,
      String metric,
      String seriesKey,
      String from,
      String status,
      Instant windowStart,
      Instant windowEnd,
      Double value,
      Double threshold,
      Instant startsAt,
      Instant endsAt,
      int revision,
      Instant at,
      String dedupKey) {}

  private final JdbcTemplate jdbc;

  public TransitionHistory(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  /** Transitions that occurred in {@code [from, to)}, oldest first. */
  public List<Transition> between(Instant from, Instant to) {
    return jdbc.query(
        "SELECT * FROM alert_transitions WHERE occurred_at >= ? AND occurred_at < ? ORDER BY id",
        TransitionHistory::row,
        Timestamp.from(from),
        Timestamp.from(to));
  }

  private static Transition row(ResultSet rs, int n) throws SQLException {
    return new Transition(
        rs.getLong("id"),
        rs.getString("rule_id"),
        rs.getString("rule_name"),
        rs.getLong("rule_version"),
        rs.getString("severity"),
        rs.getString("metric"),
        rs.getString("series_key"),
        rs.getString("from_status"),
        rs.getString("status"),
        instant(rs.getTimestamp("window_start")),
        instant(rs.getTimestamp("window_end")),
        number(rs, "metric_value"),
        number(rs, "threshold"),
        instant(rs.getTimestamp("starts_at")),
        instant(rs.getTimestamp("ends_at")),
        rs.getInt("revision"),
        instant(rs.getTimestamp("occurred_at")),
        rs.getString("dedup_key"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static Double number(ResultSet rs, String column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }
}
