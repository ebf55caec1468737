package io.demostream.control.jobs;

/**
 * How a job runs, beyond its state: the runner, how often the launcher had to restart it, and a
 * note for the user (a restore, a retried fault, a limitation of the runner).
 *
 * @param runner {@code flink}, {@code direct} or {@code dataflow}
 * @param restarts how often the launcher restarted the job's process; 0 if never
 * @param message what the user should know about the job now; {@code null} if nothing
 */
public record RunnerStatus(String runner, int restarts, String message) {

  public static RunnerStatus of(String runner) {
    return new RunnerStatus(runner, 0, null);
  }

  public RunnerStatus withMessage(String newMessage) {
    return new RunnerStatus(runner, restarts, newMessage);
  }
}
