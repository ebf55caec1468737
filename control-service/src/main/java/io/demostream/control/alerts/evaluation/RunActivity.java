package io.demostream.control.alerts.evaluation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether a run is active, and since when: {@code absent} rules are judged only then. Reads the
 * runs' own tables ({@code control_active_run}, {@code control_runs}) of the shared state database,
 * read-only.
 */
public class RunActivity {

  private final JdbcTemplate jdbc;

  public RunActivity(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  /** When the active run was created, or null when none is. */
  public Instant activeSince() {
    List<Timestamp> since =
        jdbc.queryForList(
            "SELECT r.created_at FROM control_active_run a JOIN control_runs r ON r.id = a.run_id",
            Timestamp.class);
    return since.isEmpty() || since.get(0) == null ? null : since.get(0).toInstant();
  }
}
