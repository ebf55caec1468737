package io.demostream.ingest.ingestion;

import java.time.Instant;

/**
 * What {@code GET /api/v1/ingestion} answers.
 *
 * @param state the state machine's state
 * @param source {@code randomuser} or {@code synthetic}; null before the first run
 * @param startedAt when the current or last run started; null before the first run
 * @param counts the current or last run's counts
 * @param circuit the randomuser circuit breaker's state: CLOSED, OPEN, HALF_OPEN
 * @param lastError the latest fault of the current or last run, or null
 */
public record IngestionStatus(
    IngestionState state,
    String source,
    Instant startedAt,
    IngestionCounts counts,
    String circuit,
    String lastError) {}
