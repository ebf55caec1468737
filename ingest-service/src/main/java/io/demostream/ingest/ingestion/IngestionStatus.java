package io.demostream.ingest.ingestion;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.demostream.ingest.source.ReplayProgress;
import io.demostream.ingest.source.ScenarioStatus;
import java.time.Instant;

/**
 * What {@code GET /api/v1/ingestion} answers.
 *
 * @param state the state machine's state
 * @param source {@code randomuser}, {@code synthetic} or {@code replay}; null before the first run
 * @param startedAt when the current or last run started; null before the first run
 * @param counts the current or last run's counts
 * @param circuit the randomuser circuit breaker's state: CLOSED, OPEN, HALF_OPEN
 * @param lastError the latest fault of the current or last run, or null
 * @param replay a replay run's progress through its file (lines read, rejected lines with their
 *     numbers); absent for the other sources
 * @param scenario a scenario run's ground truth: its name, seed, period and injected events with
 *     their absolute start and end; absent without a scenario
 */
public record IngestionStatus(
    IngestionState state,
    String source,
    Instant startedAt,
    IngestionCounts counts,
    String circuit,
    String lastError,
    @JsonInclude(JsonInclude.Include.NON_NULL) ReplayProgress replay,
    @JsonInclude(JsonInclude.Include.NON_NULL) ScenarioStatus scenario) {

  /** The status of a run without a scenario. */
  public IngestionStatus(
      IngestionState state,
      String source,
      Instant startedAt,
      IngestionCounts counts,
      String circuit,
      String lastError,
      ReplayProgress replay) {
    this(state, source, startedAt, counts, circuit, lastError, replay, null);
  }

  /** The status of a run of a live source (no replay progress). */
  public IngestionStatus(
      IngestionState state,
      String source,
      Instant startedAt,
      IngestionCounts counts,
      String circuit,
      String lastError) {
    this(state, source, startedAt, counts, circuit, lastError, null);
  }
}
