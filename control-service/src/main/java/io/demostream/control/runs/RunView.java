package io.demostream.control.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.control.reconcile.RunSummary;
import java.time.Instant;
import java.util.List;

/**
 * A run as the REST API shows it.
 *
 * @param id run id
 * @param state where the run is
 * @param request what was asked for
 * @param jobId the pipeline job started by the run, once started
 * @param createdAt when the run was requested
 * @param endsAt when ingestion is due to stop, once it started
 * @param finishedAt when the run ended
 * @param error the first error that failed the run
 * @param summary once the run ended after ingesting: users published, counted and dead-lettered by
 *     its pipeline incarnation, and whether they reconcile; {@code null} before
 * @param steps every step in order
 */
public record RunView(
    String id,
    RunState state,
    RunRequest request,
    String jobId,
    Instant createdAt,
    Instant endsAt,
    Instant finishedAt,
    String error,
    RunSummary summary,
    List<StepView> steps) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A synthetic scenario's ground truth as ingest-service started it (name, seed, period and the
   * injected events with their absolute {@code start} and {@code end}), read from what the
   * start-ingestion step recorded; {@code null} without a scenario or before ingestion started.
   */
  @JsonProperty("scenario")
  public JsonNode scenario() {
    return recordedScenario(steps);
  }

  private static JsonNode recordedScenario(List<StepView> steps) {
    String detail =
        steps.stream()
            .filter(s -> s.name().equals(RunStep.START_INGESTION.stepName()))
            .map(StepView::detail)
            .filter(d -> d != null && d.startsWith("{"))
            .findFirst()
            .orElse(null);
    if (detail == null) {
      return null;
    }
    try {
      return JSON.readTree(detail);
    } catch (JsonProcessingException e) {
      return null; // a detail cut at the column's length: no ground truth rather than half
    }
  }

  /**
   * One step of a run.
   *
   * @param name e.g. {@code start-job}
   * @param state where the step is
   * @param startedAt when it started
   * @param finishedAt when it ended
   * @param error why it failed
   * @param detail what the step saw, e.g. the backlog the drain waited for; may be {@code null}
   */
  public record StepView(
      String name,
      StepState state,
      Instant startedAt,
      Instant finishedAt,
      String error,
      String detail) {}

  public StepView step(RunStep step) {
    return steps.stream().filter(s -> s.name().equals(step.stepName())).findFirst().orElseThrow();
  }
}
