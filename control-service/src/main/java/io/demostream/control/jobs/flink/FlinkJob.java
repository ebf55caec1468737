package io.demostream.control.jobs.flink;

import java.time.Instant;

/**
 * A Flink job as {@code GET /jobs/overview} and {@code GET /jobs/<id>} describe it.
 *
 * @param id Flink's job id ({@code jid})
 * @param name the job name, Beam's {@code --jobName}
 * @param state Flink's {@code JobStatus} name: {@code INITIALIZING}, {@code CREATED}, {@code
 *     RUNNING}, {@code FAILING}, {@code FAILED}, {@code CANCELLING}, {@code CANCELED}, {@code
 *     FINISHED}, {@code RESTARTING}, {@code SUSPENDED} or {@code RECONCILING}
 * @param startedAt when the job was submitted
 * @param tasksUp whether every task of the job is running (or already finished): a job Flink calls
 *     {@code RUNNING} may still be deploying tasks, and cannot take a savepoint until they run
 */
public record FlinkJob(String id, String name, String state, Instant startedAt, boolean tasksUp) {

  /** Running with every task up: ready for a savepoint, a stop with drain. */
  public boolean isFullyRunning() {
    return "RUNNING".equals(state) && tasksUp;
  }

  /** Whether Flink will not run this job again: finished, cancelled or failed. */
  public boolean isGloballyTerminal() {
    return "FINISHED".equals(state) || "CANCELED".equals(state) || "FAILED".equals(state);
  }
}
