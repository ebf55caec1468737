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
 */
public record JobView(
    String id,
    String name,
    JobState state,
    String launcher,
    Instant createdAt,
    Map<String, Object> parameters) {

  static JobView of(LaunchedJob job, String launcher) {
    JobParameters parameters = JobParameters.fromLabels(job.labels());
    return new JobView(
        job.id(),
        job.name(),
        job.state(),
        launcher,
        job.createdAt(),
        parameters == null ? Map.of() : parameters.asMap());
  }
}
