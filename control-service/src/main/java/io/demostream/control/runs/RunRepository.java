package io.demostream.control.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.control.reconcile.RunSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs and their steps in the control-service's own database (Spring Boot's {@code
 * spring.datasource}). The schema is Flyway's ({@code db/migration}); the SQL here is plain enough
 * for H2 and PostgreSQL.
 */
class RunRepository {

  private static final String RUN_COLUMNS =
      "id, state, request_json, job_id, stop_requested, created_at, ends_at, finished_at, error,"
          + " summary_json";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final ObjectMapper json =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  RunRepository(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  /** The stored part of a run, without steps. */
  record RunRecord(
      String id,
      RunState state,
      RunRequest request,
      String jobId,
      boolean stopRequested,
      Instant createdAt,
      Instant endsAt,
      Instant finishedAt,
      String error,
      RunSummary summary) {}

  void insert(String id, RunRequest request, Instant createdAt) {
    String requestJson;
    try {
      requestJson = json.writeValueAsString(request);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Run request cannot be stored", e);
    }
    transactions.executeWithoutResult(
        status -> {
          jdbc.update(
              "INSERT INTO control_runs (id, state, request_json, created_at) VALUES (?, ?, ?, ?)",
              id,
              RunState.RUNNING.name(),
              requestJson,
              Timestamp.from(createdAt));
          for (RunStep step : RunStep.values()) {
            jdbc.update(
                "INSERT INTO control_run_steps (run_id, step_order, name, state) VALUES (?, ?, ?, ?)",
                id,
                step.ordinal(),
                step.stepName(),
                StepState.PENDING.name());
          }
        });
  }

  Optional<RunRecord> find(String id) {
    return jdbc
        .query("SELECT " + RUN_COLUMNS + " FROM control_runs WHERE id = ?", this::run, id)
        .stream()
        .findFirst();
  }

  Optional<RunView> view(String id) {
    return find(id).map(run -> view(run, steps(id)));
  }

  List<RunView> recent(int limit) {
    return jdbc
        .query(
            "SELECT " + RUN_COLUMNS + " FROM control_runs ORDER BY created_at DESC LIMIT ?",
            this::run,
            limit)
        .stream()
        .map(run -> view(run, steps(run.id())))
        .toList();
  }

  /** Runs that had not ended, oldest first: the ones to resume after a restart. */
  List<String> unfinishedIds() {
    return jdbc.queryForList(
        "SELECT id FROM control_runs WHERE state IN (?, ?) ORDER BY created_at",
        String.class,
        RunState.RUNNING.name(),
        RunState.STOPPING.name());
  }

  List<RunView.StepView> steps(String runId) {
    return jdbc.query(
        "SELECT name, state, started_at, finished_at, error, detail FROM control_run_steps"
            + " WHERE run_id = ? ORDER BY step_order",
        (rs, row) ->
            new RunView.StepView(
                rs.getString("name"),
                StepState.valueOf(rs.getString("state")),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getString("error"),
                rs.getString("detail")),
        runId);
  }

  /** What a step saw, replacing what it recorded before. */
  void stepDetail(String runId, RunStep step, String detail) {
    jdbc.update(
        "UPDATE control_run_steps SET detail = ? WHERE run_id = ? AND step_order = ?",
        truncate(detail),
        runId,
        step.ordinal());
  }

  String stepDetail(String runId, RunStep step) {
    return jdbc.queryForObject(
        "SELECT detail FROM control_run_steps WHERE run_id = ? AND step_order = ?",
        String.class,
        runId,
        step.ordinal());
  }

  void summary(String runId, RunSummary summary) {
    try {
      jdbc.update(
          "UPDATE control_runs SET summary_json = ? WHERE id = ?",
          json.writeValueAsString(summary),
          runId);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Run summary cannot be stored", e);
    }
  }

  StepState stepState(String runId, RunStep step) {
    return StepState.valueOf(
        jdbc.queryForObject(
            "SELECT state FROM control_run_steps WHERE run_id = ? AND step_order = ?",
            String.class,
            runId,
            step.ordinal()));
  }

  void stepStarted(String runId, RunStep step, Instant at) {
    jdbc.update(
        "UPDATE control_run_steps SET state = ?, started_at = ?, finished_at = NULL, error = NULL"
            + " WHERE run_id = ? AND step_order = ?",
        StepState.RUNNING.name(),
        Timestamp.from(at),
        runId,
        step.ordinal());
  }

  void stepEnded(String runId, RunStep step, StepState state, Instant at, String error) {
    jdbc.update(
        "UPDATE control_run_steps SET state = ?, finished_at = ?, error = ?"
            + " WHERE run_id = ? AND step_order = ?",
        state.name(),
        Timestamp.from(at),
        truncate(error),
        runId,
        step.ordinal());
  }

  void jobStarted(String runId, String jobId) {
    jdbc.update("UPDATE control_runs SET job_id = ? WHERE id = ?", jobId, runId);
  }

  void endsAt(String runId, Instant endsAt) {
    jdbc.update("UPDATE control_runs SET ends_at = ? WHERE id = ?", Timestamp.from(endsAt), runId);
  }

  /** Marks a stop request; false if the run does not exist or has already ended. */
  boolean requestStop(String runId) {
    return jdbc.update(
            "UPDATE control_runs SET stop_requested = TRUE, state = ? WHERE id = ? AND state IN (?, ?)",
            RunState.STOPPING.name(),
            runId,
            RunState.RUNNING.name(),
            RunState.STOPPING.name())
        > 0;
  }

  void finish(String runId, RunState state, Instant at, String error) {
    transactions.executeWithoutResult(
        status -> {
          jdbc.update(
              "UPDATE control_runs SET state = ?, finished_at = ?, error = ? WHERE id = ?",
              state.name(),
              Timestamp.from(at),
              truncate(error),
              runId);
          if (state.isTerminal()) {
            jdbc.update("DELETE FROM control_active_run WHERE run_id = ?", runId);
          }
        });
  }

  /**
   * Records a new run as the one active run, in one transaction: it takes the database's single
   * active-run slot ({@code control_active_run}), so that two replicas accepting a run at the same
   * instant cannot both record one. A slot still held by a run that has ended is freed first.
   *
   * @return false, recording nothing, when another run holds the slot
   */
  boolean insertActive(String id, RunRequest request, Instant createdAt) {
    try {
      transactions.executeWithoutResult(
          status -> {
            jdbc.update(
                "DELETE FROM control_active_run WHERE run_id IN (SELECT id FROM control_runs"
                    + " WHERE state NOT IN (?, ?))",
                RunState.RUNNING.name(),
                RunState.STOPPING.name());
            jdbc.update("INSERT INTO control_active_run (slot, run_id) VALUES (1, ?)", id);
            insert(id, request, createdAt);
          });
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    }
  }

  /** The run holding the active-run slot, if any. */
  Optional<String> activeRunId() {
    return jdbc
        .queryForList("SELECT run_id FROM control_active_run WHERE slot = 1", String.class)
        .stream()
        .findFirst();
  }

  private RunView view(RunRecord run, List<RunView.StepView> steps) {
    return new RunView(
        run.id(),
        run.state(),
        run.request(),
        run.jobId(),
        run.createdAt(),
        run.endsAt(),
        run.finishedAt(),
        run.error(),
        run.summary(),
        steps);
  }

  private RunRecord run(ResultSet rs, int row) throws SQLException {
    RunRequest request;
    RunSummary summary;
    try {
      request = json.readValue(rs.getString("request_json"), RunRequest.class);
      String summaryJson = rs.getString("summary_json");
      summary = summaryJson == null ? null : json.readValue(summaryJson, RunSummary.class);
    } catch (JsonProcessingException e) {
      throw new SQLException("Stored run request or summary is not readable", e);
    }
    return new RunRecord(
        rs.getString("id"),
        RunState.valueOf(rs.getString("state")),
        request,
        rs.getString("job_id"),
        rs.getBoolean("stop_requested"),
        instant(rs, "created_at"),
        instant(rs, "ends_at"),
        instant(rs, "finished_at"),
        rs.getString("error"),
        summary);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static String truncate(String text) {
    return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
  }
}
