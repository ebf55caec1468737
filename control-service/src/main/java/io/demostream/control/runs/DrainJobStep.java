package io.demostream.control.runs;

import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobView;
import java.util.Optional;

/**
 * Drains the run's job, also after a failure or a stop request; skipped when no job was started.
 * When the run ingested, it first waits (at most {@code demostream.runs.drain-backlog-timeout}
 * each) until ingestion has drained its last publishes and until the subscription's backlog is
 * consumed, so the drained pipeline has counted everything the run published, and after the drain
 * records the run's summary ({@link RunReconciliation}). Fails when the job has not ended within
 * {@code demostream.jobs.stop-timeout}.
 */
final class DrainJobStep implements Step {

  private final JobService jobs;
  private final RunReconciliation reconciliation;

  DrainJobStep(JobService jobs, RunReconciliation reconciliation) {
    this.jobs = jobs;
    this.reconciliation = reconciliation;
  }

  @Override
  public RunStep kind() {
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
    Optional<RunReconciliation.Subject> subject =
        reconciliation.subject(
            context.runId(),
            context.run().request(),
            jobId,
            context.run().createdAt(),
            context.now(),
            context::pause);
    subject.ifPresent(run -> reconciliation.awaitBacklog(context.runId(), run, context::pause));
    JobView job = jobs.drain(jobId);
    if (!job.state().isTerminal()) {
      throw new IllegalStateException(
          "Job " + jobId + " is still " + job.state() + " after the stop timeout");
    }
    subject.ifPresent(run -> reconciliation.summarize(context.runId(), run));
    return StepState.SUCCEEDED;
  }
}
