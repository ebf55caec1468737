package io.demostream.control.runs;

import io.demostream.control.api.NotFoundException;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.JobView;
import java.time.Instant;

/**
 * Waits until the run's job is {@code RUNNING}, at most {@code
 * demostream.runs.job-running-timeout}; fails when the job ends first, ends {@code STOPPED} on a
 * stop request. Passing faults of the launcher's API are asked again until the deadline.
 */
final class AwaitJobRunningStep implements Step {

  private final JobService jobs;
  private final RunsProperties properties;

  AwaitJobRunningStep(JobService jobs, RunsProperties properties) {
    this.jobs = jobs;
    this.properties = properties;
  }

  @Override
  public RunStep kind() {
    return RunStep.AWAIT_JOB_RUNNING;
  }

  @Override
  public StepState perform(StepContext context) {
    String jobId = context.run().jobId();
    Instant deadline = context.now().plus(properties.jobRunningTimeout());
    while (true) {
      JobView job;
      try {
        job = jobs.get(jobId);
      } catch (NotFoundException e) {
        throw e;
      } catch (RuntimeException e) {
        if (!context.now().isBefore(deadline)) {
          throw new IllegalStateException(
              "Job " + jobId + " could not be looked up: " + e.getMessage(), e);
        }
        context.pause();
        continue;
      }
      if (job.state() == JobState.RUNNING) {
        return StepState.SUCCEEDED;
      }
      if (job.state().isTerminal()) {
        throw new IllegalStateException(
            "Job " + job.id() + " ended " + job.state() + " before it was running");
      }
      if (context.stopRequested()) {
        return StepState.STOPPED;
      }
      if (!context.now().isBefore(deadline)) {
        throw new IllegalStateException(
            "Job "
                + job.id()
                + " is still "
                + job.state()
                + " after "
                + properties.jobRunningTimeout()
                + " (demostream.runs.job-running-timeout)");
      }
      context.pause();
    }
  }
}
