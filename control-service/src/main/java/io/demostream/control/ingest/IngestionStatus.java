package io.demostream.control.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * ingest-service's {@code GET /api/v1/ingestion} answer, as far as the control-service reads it.
 *
 * @param state {@code IDLE}, {@code RUNNING}, {@code STOPPING}, {@code STOPPED} or {@code FAILED}
 * @param source the active or last source
 * @param startedAt when the current or last ingestion started, ISO-8601
 * @param counts requests, users fetched, messages published and failures
 * @param circuit state of ingest-service's circuit breaker towards its source
 * @param lastError the last error ingest-service saw, if any
 * @param scenario a scenario run's ground truth (name, seed, period, injected events with their
 *     absolute start and end); null without a scenario
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IngestionStatus(
    String state,
    String source,
    String startedAt,
    Map<String, Object> counts,
    String circuit,
    String lastError,
    JsonNode scenario) {

  /** A status without a scenario. */
  public IngestionStatus(
      String state,
      String source,
      String startedAt,
      Map<String, Object> counts,
      String circuit,
      String lastError) {
    this(state, source, startedAt, counts, circuit, lastError, null);
  }

  public boolean running() {
    return "RUNNING".equals(state);
  }

  /**
   * RUNNING or STOPPING: publishes may still be in flight, so {@link #messagesPublished()} may
   * still grow. A stop answers at once with the run STOPPING; its count is final only once the run
   * has drained (STOPPED or FAILED).
   */
  public boolean active() {
    return "RUNNING".equals(state) || "STOPPING".equals(state);
  }

  /**
   * Messages Pub/Sub accepted in the current or last ingestion ({@code counts.messagesPublished},
   * restarting with each ingestion); null when the status has no such count.
   */
  public Long messagesPublished() {
    return counts != null && counts.get("messagesPublished") instanceof Number published
        ? published.longValue()
        : null;
  }
}
