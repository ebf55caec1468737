package io.demostream.control.alerts.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.control.alerts.engine.AlertEvent;
import io.demostream.control.alerts.engine.Evaluation;
import io.demostream.control.alerts.engine.RuleState;
import io.demostream.control.alerts.notify.AlertMessage;
import io.demostream.control.alerts.notify.Outbox;
import io.demostream.control.alerts.rules.StoredRule;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engine's state per rule ({@code alert_rule_state}) with the transitions it records and the
 * outbox rows it queues, committed together. A commit names the state version it started from and
 * fails (changing nothing) if another evaluator committed since: the caller reads again and
 * re-applies, so every pane moves every rule once and every transition is recorded once.
 */
public class AlertStateStore {

  /** A rule's state and the version it was read at (0: none stored yet). */
  public record Versioned(RuleState state, long version) {}

  /** What a commit recorded: each transition with its id and dedup key. */
  public record Recorded(AlertEvent event, long transitionId, String dedupKey) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final ObjectMapper json;
  private final Outbox outbox;

  public AlertStateStore(DataSource dataSource, ObjectMapper json, Outbox outbox) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.json = json;
    this.outbox = outbox;
  }

  public Versioned load(String ruleId) {
    List<Versioned> rows =
        jdbc.query(
            "SELECT state_json, version FROM alert_rule_state WHERE rule_id = ?",
            (rs, n) -> new Versioned(read(rs.getString(1)), rs.getLong(2)),
            ruleId);
    return rows.isEmpty() ? new Versioned(RuleState.initial(), 0) : rows.get(0);
  }

  /**
   * Commits {@code evaluation} over the state read at {@code version}; empty when another evaluator
   * committed first (nothing was written).
   */
  public Optional<List<Recorded>> commit(
      StoredRule rule, long version, Evaluation evaluation, Instant now) {
    try {
      return Optional.ofNullable(
          transactions.execute(status -> write(rule, version, evaluation, now)));
    } catch (StaleState | DuplicateKeyException e) {
      return Optional.empty();
    }
  }

  private List<Recorded> write(StoredRule rule, long version, Evaluation evaluation, Instant now) {
    String state = write(evaluation.state());
    if (version == 0) {
      jdbc.update(
          "INSERT INTO alert_rule_state (rule_id, state_json, version, updated_at)"
              + " VALUES (?, ?, 1, ?)",
          rule.id(),
          state,
          Timestamp.from(now));
    } else if (jdbc.update(
            "UPDATE alert_rule_state SET state_json = ?, version = version + 1, updated_at = ?"
                + " WHERE rule_id = ? AND version = ?",
            state,
            Timestamp.from(now),
            rule.id(),
            version)
        == 0) {
      throw new StaleState();
    }
    List<Recorded> recorded = new ArrayList<>();
    for (AlertEvent event : evaluation.events()) {
      String dedupKey = dedupKey(rule, event, version + 1);
      long id = insertTransition(rule, event, dedupKey);
      recorded.add(new Recorded(event, id, dedupKey));
      if (event.status().notifies()) {
        String payload = write(AlertMessage.of(rule, event, dedupKey));
        for (String channel : rule.rule().channels()) {
          outbox.enqueue(id, rule.id(), event.seriesKey(), channel, payload, now);
        }
      }
    }
    return recorded;
  }

  private long insertTransition(StoredRule rule, AlertEvent event, String dedupKey) {
    GeneratedKeyHolder keys = new GeneratedKeyHolder();
    jdbc.update(
        connection -> {
          PreparedStatement s =
              connection.prepareStatement(
                  "INSERT INTO alert_transitions (rule_id, rule_name, rule_version, severity,"
                      + " metric, series_key, from_status, status, window_start, window_end,"
                      + " metric_value, threshold, starts_at, ends_at, revision, occurred_at,"
                      + " dedup_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  new String[] {"id"});
          s.setString(1, rule.id());
          s.setString(2, rule.rule().name());
          s.setLong(3, rule.version());
          s.setString(4, rule.rule().severity().json());
          s.setString(5, rule.rule().metric().json());
          s.setString(6, event.seriesKey());
          s.setString(7, event.from().json());
          s.setString(8, event.status().json());
          setTime(s, 9, event.windowStart());
          setTime(s, 10, event.windowEnd());
          setDouble(s, 11, event.value());
          setDouble(s, 12, event.threshold());
          setTime(s, 13, event.startsAt());
          setTime(s, 14, event.endsAt());
          s.setInt(15, event.revision());
          s.setTimestamp(16, Timestamp.from(event.at()));
          s.setString(17, dedupKey);
          return s;
        },
        keys);
    return keys.getKey().longValue();
  }

  /**
   * The transition's identity: rule, series, window, from and to, revision, and the state version
   * that recorded it (which also tells apart a window's transitions by successive early panes).
   */
  static String dedupKey(StoredRule rule, AlertEvent event, long stateVersion) {
    Instant window = event.windowStart() != null ? event.windowStart() : event.at();
    return String.format(
        Locale.ROOT,
        "%s/%s/%d/%s>%s/r%d/v%d",
        rule.id(),
        event.seriesKey(),
        window.toEpochMilli(),
        event.from().json(),
        event.status().json(),
        event.revision(),
        stateVersion);
  }

  private static void setTime(PreparedStatement s, int index, Instant value)
      throws java.sql.SQLException {
    if (value == null) {
      s.setNull(index, Types.TIMESTAMP);
    } else {
      s.setTimestamp(index, Timestamp.from(value));
    }
  }

  private static void setDouble(PreparedStatement s, int index, Double value)
      throws java.sql.SQLException {
    if (value == null || value.isNaN() || value.isInfinite()) {
      s.setNull(index, Types.DOUBLE);
    } else {
      s.setDouble(index, value);
    }
  }

  private RuleState read(String value) {
    try {
      return json.readValue(value, RuleState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored rule state is unreadable", e);
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Alert state is always serialisable", e);
    }
  }

  /** Another evaluator committed since this one read. */
  private static final class StaleState extends RuntimeException {
    StaleState() {
      super(null, null, false, false);
    }
  }
}
