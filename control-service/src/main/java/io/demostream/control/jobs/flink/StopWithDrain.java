package io.demostream.control.jobs.flink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stop-with-drain of one Flink job, the one way both Flink backends drain: Flink first advances
 * event time to the end, so every window fires, takes a savepoint and ends the job {@code
 * FINISHED}. A stop Flink could not complete (no savepoint directory, a checkpoint declined, a task
 * not running yet) leaves the job running; {@link #poll} says so and why.
 */
public final class StopWithDrain {

  private static final Logger log = LoggerFactory.getLogger(StopWithDrain.class);

  /** Where a drain stands. */
  public enum Progress {
    /** Flink is still at it, or cannot say now (a JobManager that restarted forgets it). */
    PENDING,
    /** Drained: the savepoint is written and the job finishes. */
    SUCCEEDED,
    /** Flink gave up; the job keeps running. */
    FAILED
  }

  /**
   * What {@link #poll} found.
   *
   * @param location the savepoint, once {@code SUCCEEDED}
   * @param failure Flink's reason, once {@code FAILED}
   */
  public record Outcome(Progress progress, String location, String failure) {}

  private final FlinkRestClient rest;
  private final String jobId;
  private final String trigger;

  private StopWithDrain(FlinkRestClient rest, String jobId, String trigger) {
    this.rest = rest;
    this.jobId = jobId;
    this.trigger = trigger;
  }

  /**
   * Asks Flink to stop the job with drain ({@code POST /jobs/<id>/stop}, {@code drain: true}).
   *
   * @param savepointDirectory where the savepoint goes; {@code null} for the cluster's {@code
   *     state.savepoints.dir}
   * @throws FlinkRestException when Flink does not accept the stop
   */
  public static StopWithDrain request(
      FlinkRestClient rest, String jobId, String savepointDirectory) {
    return new StopWithDrain(rest, jobId, rest.stop(jobId, true, savepointDirectory));
  }

  public String jobId() {
    return jobId;
  }

  public String trigger() {
    return trigger;
  }

  /**
   * Reads the drain's progress. Flink keeps an operation's result until it is read, so a finished
   * outcome is read once and kept by the caller.
   */
  public Outcome poll() {
    try {
      SavepointOperation operation = rest.savepoint(jobId, trigger);
      if (operation.succeeded()) {
        return new Outcome(Progress.SUCCEEDED, operation.location(), null);
      }
      if (operation.completed()) {
        return new Outcome(Progress.FAILED, null, operation.failure());
      }
    } catch (FlinkRestException e) {
      log.debug("Cannot follow the drain of Flink job {}: {}", jobId, e.getMessage());
    }
    return new Outcome(Progress.PENDING, null, null);
  }
}
