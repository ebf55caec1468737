package io.demostream.control.backfills;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.control.jobs.JobParameters;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Backfills in the control-service's own database, on H2 or PostgreSQL (schema {@code
 * V6__backfills.sql}). A backfill is accepted under the lock row, so the check for overlapping
 * running backfills and the insert are one step across replicas.
 */
class BackfillRepository {

  private static final String COLUMNS =
      "id, state, input_files, range_start, range_end, parameters_json, job_name, job_id,"
          + " created_at, finished_at, summary_json, error";

  /** One stored backfill. */
  record Row(
      String id,
      BackfillState state,
      BackfillSpec spec,
      String jobName,
      String jobId,
      Instant createdAt,
      Instant finishedAt,
      BackfillSummary summary,
      String error) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final ObjectMapper json =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  BackfillRepository(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  /**
   * Records a running backfill unless {@code refuse} objects to the running ones, all under the
   * lock row.
   *
   * @param refuse throws to refuse, given the backfills still running
   */
  void insertUnless(Row row, java.util.function.Consumer<List<Row>> refuse) {
    transactions.executeWithoutResult(
        status -> {
          jdbc.queryForObject(
              "SELECT slot FROM control_backfill_lock WHERE slot = 1 FOR UPDATE", Integer.class);
          refuse.accept(running());
          jdbc.update(
              "INSERT INTO control_backfills (id, state, input_files, range_start, range_end,"
                  + " parameters_json, job_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              row.id(),
              row.state().name(),
              row.spec().inputFiles(),
              Timestamp.from(row.spec().start()),
              Timestamp.from(row.spec().end()),
              write(row.spec().parameters().labels()),
              row.jobName(),
              Timestamp.from(row.createdAt()));
        });
  }

  void launched(String id, String jobId) {
    jdbc.update("UPDATE control_backfills SET job_id = ? WHERE id = ?", jobId, id);
  }

  /**
   * Records the end of a running backfill; false when it had already ended (another replica saw its
   * job end first).
   */
  boolean finish(
      String id, BackfillState state, Instant at, BackfillSummary summary, String error) {
    return jdbc.update(
            "UPDATE control_backfills SET state = ?, finished_at = ?, summary_json = ?, error = ?"
                + " WHERE id = ? AND state = ?",
            state.name(),
            Timestamp.from(at),
            summary == null ? null : write(summary),
            error == null ? null : abbreviate(error),
            id,
            BackfillState.RUNNING.name())
        == 1;
  }

  Optional<Row> find(String id) {
    return jdbc
        .query("SELECT " + COLUMNS + " FROM control_backfills WHERE id = ?", this::row, id)
        .stream()
        .findFirst();
  }

  List<Row> list() {
    return jdbc.query(
        "SELECT " + COLUMNS + " FROM control_backfills ORDER BY created_at DESC", this::row);
  }

  List<Row> running() {
    return jdbc.query(
        "SELECT " + COLUMNS + " FROM control_backfills WHERE state = ? ORDER BY created_at",
        this::row,
        BackfillState.RUNNING.name());
  }

  private Row row(ResultSet rs, int i) throws SQLException {
    Map<String, String> labels = read(rs.getString("parameters_json"), new TypeReference<>() {});
    String summary = rs.getString("summary_json");
    Timestamp finished = rs.getTimestamp("finished_at");
    return new Row(
        rs.getString("id"),
        BackfillState.valueOf(rs.getString("state")),
        new BackfillSpec(
            rs.getString("input_files"),
            rs.getTimestamp("range_start").toInstant(),
            rs.getTimestamp("range_end").toInstant(),
            JobParameters.fromLabels(labels)),
        rs.getString("job_name"),
        rs.getString("job_id"),
        rs.getTimestamp("created_at").toInstant(),
        finished == null ? null : finished.toInstant(),
        summary == null ? null : read(summary, new TypeReference<BackfillSummary>() {}),
        rs.getString("error"));
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot store " + value, e);
    }
  }

  private <T> T read(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored backfill is not readable: " + e.getMessage(), e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
  }
}
