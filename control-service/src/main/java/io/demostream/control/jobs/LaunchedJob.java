package io.demostream.control.jobs;

import java.time.Instant;
import java.util.Map;

/**
 * A job as a {@link PipelineLauncher} sees it.
 *
 * @param id the launcher's job id (Dataflow's job id, or the local job's name)
 * @param name the job name given at launch
 * @param state current state
 * @param createdAt when it was launched
 * @param labels labels given at launch; may be empty where the launcher cannot return them
 * @param status runner, restarts and a note; {@code null} where the launcher has nothing to add
 */
public record LaunchedJob(
    String id,
    String name,
    JobState state,
    Instant createdAt,
    Map<String, String> labels,
    RunnerStatus status) {

  public LaunchedJob {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public LaunchedJob(
      String id, String name, JobState state, Instant createdAt, Map<String, String> labels) {
    this(id, name, state, createdAt, labels, null);
  }

  public LaunchedJob withState(JobState newState) {
    return new LaunchedJob(id, name, newState, createdAt, labels, status);
  }

  public LaunchedJob withStatus(RunnerStatus newStatus) {
    return new LaunchedJob(id, name, state, createdAt, labels, newStatus);
  }
}
