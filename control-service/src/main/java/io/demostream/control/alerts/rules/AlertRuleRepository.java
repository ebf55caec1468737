package io.demostream.control.alerts.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rules in the state database ({@code alert_rules}); every edit raises the version by one in one
 * conditional statement.
 */
public class AlertRuleRepository {

  private static final String COLUMNS =
      "id, version, created_at, updated_at, rule_json, last_notification_error";

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  public AlertRuleRepository(DataSource dataSource, ObjectMapper json) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.json = json;
  }

  public StoredRule insert(String id, AlertRule rule, Instant now) {
    jdbc.update(
        "INSERT INTO alert_rules (id, name, rule_json, version, created_at, updated_at)"
            + " VALUES (?, ?, ?, 1, ?, ?)",
        id,
        rule.name(),
        write(rule),
        Timestamp.from(now),
        Timestamp.from(now));
    return new StoredRule(id, 1, now, now, rule, null);
  }

  /** Replaces the rule; empty when there is none with that id. */
  public Optional<StoredRule> update(String id, AlertRule rule, Instant now) {
    int updated =
        jdbc.update(
            "UPDATE alert_rules SET name = ?, rule_json = ?, version = version + 1, updated_at = ?"
                + " WHERE id = ?",
            rule.name(),
            write(rule),
            Timestamp.from(now),
            id);
    return updated == 0 ? Optional.empty() : find(id);
  }

  /** Deletes the rule and its evaluation state; its transitions stay as history. */
  public boolean delete(String id) {
    jdbc.update("DELETE FROM alert_rule_state WHERE rule_id = ?", id);
    return jdbc.update("DELETE FROM alert_rules WHERE id = ?", id) > 0;
  }

  public Optional<StoredRule> find(String id) {
    return jdbc
        .query("SELECT " + COLUMNS + " FROM alert_rules WHERE id = ?", this::row, id)
        .stream()
        .findFirst();
  }

  public List<StoredRule> list() {
    return jdbc.query("SELECT " + COLUMNS + " FROM alert_rules ORDER BY created_at, id", this::row);
  }

  /** Records the latest notification failure of the rule's channels (null: the last succeeded). */
  public void recordNotification(String id, String error) {
    jdbc.update(
        "UPDATE alert_rules SET last_notification_error = ? WHERE id = ?",
        error == null ? null : error.substring(0, Math.min(error.length(), 1000)),
        id);
  }

  private StoredRule row(ResultSet rs, int n) throws SQLException {
    try {
      return new StoredRule(
          rs.getString("id"),
          rs.getLong("version"),
          rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant(),
          json.readValue(rs.getString("rule_json"), AlertRule.class),
          rs.getString("last_notification_error"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored rule " + rs.getString("id") + " is unreadable", e);
    }
  }

  private String write(AlertRule rule) {
    try {
      return json.writeValueAsString(rule);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A rule is always serialisable", e);
    }
  }
}
