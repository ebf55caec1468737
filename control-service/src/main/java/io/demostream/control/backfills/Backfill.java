package io.demostream.control.backfills;

import java.time.Instant;
import java.util.Map;

/**
 * One backfill as the REST API answers it.
 *
 * @param id the backfill's id, used in its URL
 * @param state {@code RUNNING}, {@code SUCCEEDED} or {@code FAILED}
 * @param inputFiles the files it reads
 * @param start first instant of its event-time range (inclusive)
 * @param end end of its range (exclusive)
 * @param parameters its window parameters, as a job shows them
 * @param jobId the launcher's id of its pipeline job
 * @param jobName its job's name: the incarnation ({@code job_id}) of the rows it writes
 * @param createdAt when it was accepted
 * @param finishedAt when its job was seen ended; absent while it runs
 * @param summary its counts and reconcile once it succeeded; absent before
 * @param error why it failed; absent otherwise
 */
public record Backfill(
    String id,
    BackfillState state,
    String inputFiles,
    Instant start,
    Instant end,
    Map<String, Object> parameters,
    String jobId,
    String jobName,
    Instant createdAt,
    Instant finishedAt,
    BackfillSummary summary,
    String error) {}
