package io.demostream.control.jobs;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the pipeline somewhere and controls it. Implementations only start, look up and ask to stop;
 * waiting, the one-active-job rule and naming belong to {@link JobService}. Cancel and drain only
 * request the change and return at once.
 */
public interface PipelineLauncher {

  /**
   * The backend this launcher runs jobs on, as the API names it ({@code local}, {@code flink},
   * {@code dataflow}): a job view's and a resource report's {@code launcher}.
   */
  String backend();

  /**
   * Starts a job.
   *
   * @param name unique job name, already valid for Dataflow
   * @param labels labels to attach so the job can be found and described after a restart
   * @param parameters validated window and worker parameters
   */
  LaunchedJob launch(String name, Map<String, String> labels, JobParameters parameters);

  /**
   * Starts a backfill: the pipeline in batch over {@code input}'s files, as its own incarnation
   * (the job name), finishing by itself ({@link JobState#DONE}, or {@link JobState#FAILED} when it
   * refuses or fails).
   *
   * @throws IllegalStateException when this launcher cannot run backfills
   */
  default LaunchedJob launchBackfill(
      String name,
      Map<String, String> labels,
      JobParameters parameters,
      PipelineArguments.FileInput input) {
    throw new IllegalStateException("The " + backend() + " launcher cannot run backfills");
  }

  Optional<LaunchedJob> find(String id);

  /** Jobs whose name starts with {@code namePrefix}, newest first, terminal ones included. */
  List<LaunchedJob> list(String namePrefix);

  /** Jobs whose name starts with {@code namePrefix} and that have not stopped, newest first. */
  default List<LaunchedJob> listActive(String namePrefix) {
    return list(namePrefix).stream().filter(job -> !job.state().isTerminal()).toList();
  }

  void cancel(String id);

  void drain(String id);

  /**
   * Upgrades a running job in place, keeping its state: the runner stops it with a savepoint and
   * starts it again from there, on {@code image} when given (blank: the same image, restarted).
   * Returns at once, with the job as it is now.
   *
   * @throws UnsupportedOperationException when this launcher cannot upgrade jobs
   */
  default LaunchedJob upgrade(String id, String image) {
    throw new UnsupportedOperationException(
        "The " + backend() + " launcher cannot upgrade a running job; drain it and start another");
  }
}
