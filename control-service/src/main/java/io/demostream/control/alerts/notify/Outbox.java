package io.demostream.control.alerts.notify;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The notifications still to send ({@code alert_outbox}). Rows are written in the transaction that
 * records their transition (so none is lost), and claimed by one dispatcher at a time under a lease
 * taken by one conditional update (so two replicas never both send a row while the lease holds). A
 * row is claimable only when every earlier row of its series and channel is done: a series' {@code
 * resolved} never overtakes its {@code firing}.
 */
public class Outbox {

  /** A claimed row. */
  public record Row(
      long id, long transitionId, String ruleId, String channel, String payload, int attempts) {}

  private final JdbcTemplate jdbc;

  public Outbox(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  /** Adds a row; call inside the transaction that records the transition. */
  public void enqueue(
      long transitionId,
      String ruleId,
      String seriesKey,
      String channel,
      String payload,
      Instant now) {
    jdbc.update(
        "INSERT INTO alert_outbox (transition_id, rule_id, series_key, channel, payload,"
            + " created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        transitionId,
        ruleId,
        seriesKey,
        channel,
        payload,
        Timestamp.from(now),
        Timestamp.from(now));
  }

  /** Claims up to {@code limit} due rows for {@code owner} until {@code now + lease}. */
  public List<Row> claim(String owner, Instant now, Duration lease, int limit) {
    List<Long> candidates =
        jdbc.queryForList(
            "SELECT o.id FROM alert_outbox o WHERE o.done_at IS NULL AND o.next_attempt_at <= ?"
                + " AND (o.lease_until IS NULL OR o.lease_until <= ?)"
                + " AND NOT EXISTS (SELECT 1 FROM alert_outbox e WHERE e.rule_id = o.rule_id"
                + " AND e.series_key = o.series_key AND e.channel = o.channel"
                + " AND e.done_at IS NULL AND e.id < o.id)"
                + " ORDER BY o.id FETCH FIRST "
                + limit
                + " ROWS ONLY",
            Long.class,
            Timestamp.from(now),
            Timestamp.from(now));
    List<Row> claimed = new ArrayList<>();
    for (long id : candidates) {
      int won =
          jdbc.update(
              "UPDATE alert_outbox SET lease_owner = ?, lease_until = ? WHERE id = ?"
                  + " AND done_at IS NULL AND (lease_until IS NULL OR lease_until <= ?)",
              owner,
              Timestamp.from(now.plus(lease)),
              id,
              Timestamp.from(now));
      if (won == 1) {
        claimed.addAll(
            jdbc.query(
                "SELECT id, transition_id, rule_id, channel, payload, attempts FROM alert_outbox"
                    + " WHERE id = ?",
                (rs, n) ->
                    new Row(
                        rs.getLong("id"),
                        rs.getLong("transition_id"),
                        rs.getString("rule_id"),
                        rs.getString("channel"),
                        rs.getString("payload"),
                        rs.getInt("attempts")),
                id));
      }
    }
    return claimed;
  }

  /**
   * Marks a claimed row done ({@code sent}, {@code silenced}, {@code failed} after the last
   * attempt); false when {@code owner} lost the lease meanwhile.
   */
  public boolean complete(long id, String owner, String outcome, String error, Instant now) {
    return jdbc.update(
            "UPDATE alert_outbox SET done_at = ?, outcome = ?, last_error = ?,"
                + " attempts = attempts + 1, lease_owner = NULL, lease_until = NULL"
                + " WHERE id = ? AND lease_owner = ?",
            Timestamp.from(now),
            outcome,
            truncate(error),
            id,
            owner)
        == 1;
  }

  /** Releases a claimed row for another attempt at {@code nextAttemptAt}. */
  public void retryAt(long id, String owner, String error, Instant nextAttemptAt) {
    jdbc.update(
        "UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,"
            + " lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
        truncate(error),
        Timestamp.from(nextAttemptAt),
        id,
        owner);
  }

  /** Rows not done yet, for metrics and tests. */
  public int pending() {
    Integer count =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM alert_outbox WHERE done_at IS NULL", Integer.class);
    return count == null ? 0 : count;
  }

  private static String truncate(String error) {
    return error == null ? null : error.substring(0, Math.min(error.length(), 1000));
  }
}
