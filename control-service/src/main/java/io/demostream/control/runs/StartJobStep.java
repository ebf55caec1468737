package io.demostream.control.runs;

import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobView;
import java.util.Optional;

/**
 * Launches the pipeline job without waiting for it and records its id. Done again after a restart
 * mid-launch, it adopts the active job, which may exist without its id recorded.
 */
final class StartJobStep implements Step {

  private final JobService jobs;
  private final RunRepository repository;

  StartJobStep(JobService jobs, RunRepository repository) {
    this.jobs = jobs;
    this.repository = repository;
  }

  @Override
  public RunStep kind() {
    return RunStep.START_JOB;
  }

  @Override
  public StepState perform(StepContext context) {
    RunRepository.RunRecord run = context.run();
    if (run.jobId() != null) {
      return StepState.SUCCEEDED;
    }
    if (context.repeated()) {
      Optional<JobView> active = jobs.activeJob();
      if (active.isPresent()) {
        repository.jobStarted(run.id(), active.get().id());
        return StepState.SUCCEEDED;
      }
    }
    // The run waits for RUNNING itself (AwaitJobRunningStep), watching for stop requests.
    JobView job = jobs.start(run.request().jobParameters(), false);
    repository.jobStarted(run.id(), job.id());
    return StepState.SUCCEEDED;
  }
}
