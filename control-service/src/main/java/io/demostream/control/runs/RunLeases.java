package io.demostream.control.runs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Leases on runs in the state database ({@code control_run_leases}): one row per run with its owner
 * (an executor) and expiry. Every change is one conditional statement, so two replicas that race
 * for a run cannot both win it, on H2 as on PostgreSQL.
 */
class RunLeases {

  private final JdbcTemplate jdbc;

  RunLeases(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  /**
   * Takes the run's lease if it is free, expired, or already this owner's.
   *
   * @return whether {@code owner} now holds the lease until {@code expiresAt}
   */
  boolean claim(String runId, String owner, Instant now, Instant expiresAt) {
    int updated =
        jdbc.update(
            "UPDATE control_run_leases SET owner = ?, expires_at = ?"
                + " WHERE run_id = ? AND (owner IS NULL OR owner = ? OR expires_at <= ?)",
            owner,
            Timestamp.from(expiresAt),
            runId,
            owner,
            Timestamp.from(now));
    if (updated > 0) {
      return true;
    }
    try {
      return jdbc.update(
              "INSERT INTO control_run_leases (run_id, owner, expires_at) VALUES (?, ?, ?)",
              runId,
              owner,
              Timestamp.from(expiresAt))
          > 0;
    } catch (DuplicateKeyException e) {
      // The row exists and another owner's lease has not expired (or it won the race to insert).
      return false;
    }
  }

  /** Extends the lease; false when {@code owner} no longer holds it (another replica took over). */
  boolean renew(String runId, String owner, Instant expiresAt) {
    return jdbc.update(
            "UPDATE control_run_leases SET expires_at = ? WHERE run_id = ? AND owner = ?",
            Timestamp.from(expiresAt),
            runId,
            owner)
        > 0;
  }

  /** Gives the lease up, so that another replica may take the run over at once. */
  void release(String runId, String owner) {
    jdbc.update(
        "UPDATE control_run_leases SET owner = NULL, expires_at = NULL"
            + " WHERE run_id = ? AND owner = ?",
        runId,
        owner);
  }

  /** Unfinished runs that no replica holds, oldest first. */
  List<String> unclaimedUnfinished(Instant now) {
    return jdbc.queryForList(
        "SELECT r.id FROM control_runs r LEFT JOIN control_run_leases l ON l.run_id = r.id"
            + " WHERE r.state IN (?, ?)"
            + " AND (l.owner IS NULL OR l.expires_at IS NULL OR l.expires_at <= ?)"
            + " ORDER BY r.created_at",
        String.class,
        RunState.RUNNING.name(),
        RunState.STOPPING.name(),
        Timestamp.from(now));
  }

  /** The current owner, or null; for tests and diagnostics. */
  String owner(String runId) {
    List<String> owners =
        jdbc.queryForList(
            "SELECT owner FROM control_run_leases WHERE run_id = ?", String.class, runId);
    return owners.isEmpty() ? null : owners.get(0);
  }
}
