package io.demostream.control.jobs;

import java.time.Instant;
import java.util.Map;

/**
 * A job as the REST API answers it.
 *
 * @param id launcher's job id, used in the job's URLs
 * @param name unique job name
 * @param state Dataflow's state name without the {@code JOB_STATE_} prefix
 * @param launcher {@code dataflow} or {@code local}
 * @param createdAt when it was launched
 * @param parameters the window and worker parameters it was started with; empty if unknown
 * @param runner the engine that runs it ({@code flink}, {@code direct}, {@code dataflow}); absent
 *     if the launcher does not say
 * @param restarts how often the launcher restarted the pipeline process (local Flink: from its last
 *     checkpoint); absent if the launcher does not restart jobs
 * @param statusMessage what to know about the job now: a restore, a retried fault, a limitation of
 *     the runner; absent if nothing
 */
public record JobView(
    String id,
    String name,
    JobState state,
    String launcher,
    Instant createdAt,
    Map<String, Object> parameters,
    String runner,
    Integer restarts,
    String statusMessage) {

  static JobView of(LaunchedJob job, String launcher) {
    JobParameters parameters = JobParameters.fromLabels(job.labels());
    RunnerStatus status = job.status();
    return new JobView(
        job.id(),
        job.name(),
        job.state(),
        launcher,
        job.createdAt(),
        parameters == null ? Map.of() : parameters.asMap(),
        status == null ? null : status.runner(),
        status == null ? null : status.restarts(),
        status == null ? null : status.message());
  }
}
