package io.demostream.control.runs;

import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobView;

/**
 * Drains the run's job, also after a failure or a stop request; skipped when no job was started.
 * Fails when the job has not ended within {@code demostream.jobs.stop-timeout}.
 */
final class DrainJobStep implements Step {

  private final JobService jobs;

  DrainJobStep(JobService jobs) {
    this.jobs = jobs;
  }

  @Override
  public RunStep id() {
    return RunStep.DRAIN_JOB;
  }

  @Override
  public RetryPolicy retryPolicy() {
    return RetryPolicy.WIND_DOWN;
  }

  @Override
  public StepState perform(StepContext context) {
    String jobId = context.current().jobId();
    if (jobId == null) {
      return StepState.SKIPPED;
    }
    JobView job = jobs.drain(jobId);
    if (!job.state().isTerminal()) {
      throw new IllegalStateException(
          "Job " + jobId + " is still " + job.state() + " after the stop timeout");
    }
    return StepState.SUCCEEDED;
  }
}
