package io.demostream.control.alerts.silences;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Silences in the state database ({@code alert_silences}). */
public class SilenceRepository {

  private final JdbcTemplate jdbc;

  public SilenceRepository(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  public Silence insert(Silence silence) {
    jdbc.update(
        "INSERT INTO alert_silences (id, rule_id, series_key, starts_at, ends_at, comment,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        silence.id(),
        silence.ruleId(),
        silence.seriesKey(),
        Timestamp.from(silence.startsAt()),
        Timestamp.from(silence.endsAt()),
        silence.comment(),
        Timestamp.from(silence.createdAt()));
    return silence;
  }

  /** Silences that have not ended at {@code now}, soonest end first. */
  public List<Silence> active(Instant now) {
    return jdbc.query(
        "SELECT * FROM alert_silences WHERE ends_at > ? ORDER BY ends_at, id",
        this::row,
        Timestamp.from(now));
  }

  public List<Silence> list() {
    return jdbc.query("SELECT * FROM alert_silences ORDER BY created_at, id", this::row);
  }

  public boolean delete(String id) {
    return jdbc.update("DELETE FROM alert_silences WHERE id = ?", id) > 0;
  }

  /** Whether a silence matches the rule's series at {@code at}. */
  public boolean silenced(String ruleId, String seriesKey, Instant at) {
    return active(at).stream().anyMatch(s -> s.matches(ruleId, seriesKey, at));
  }

  private Silence row(ResultSet rs, int n) throws SQLException {
    return new Silence(
        rs.getString("id"),
        rs.getString("rule_id"),
        rs.getString("series_key"),
        rs.getTimestamp("starts_at").toInstant(),
        rs.getTimestamp("ends_at").toInstant(),
        rs.getString("comment"),
        rs.getTimestamp("created_at").toInstant());
  }
}
