package io.demostream.control.runs;

import io.demostream.control.ingest.IngestClient;
import io.demostream.control.ingest.IngestClientException;
import io.demostream.control.ingest.IngestionStatus;
import java.time.Duration;

/**
 * Starts ingestion for the run's duration and records when the run ends. Done again after a
 * restart, an ingestion that already runs is what the step wanted.
 */
final class StartIngestionStep implements Step {

  private final IngestClient ingest;
  private final RunRepository repository;

  StartIngestionStep(IngestClient ingest, RunRepository repository) {
    this.ingest = ingest;
    this.repository = repository;
  }

  @Override
  public RunStep kind() {
    return RunStep.START_INGESTION;
  }

  @Override
  public StepState perform(StepContext context) {
    RunRepository.RunRecord run = context.run();
    try {
      IngestionStatus started = ingest.start(run.request().ingestionRequest());
      if (started != null && started.scenario() != null) {
        // The scenario's ground truth, read back into the run's view (RunView#scenario).
        repository.stepDetail(run.id(), kind(), started.scenario().toString());
      }
    } catch (IngestClientException e) {
      if (!(context.repeated() && e.conflict())) {
        throw e;
      }
    }
    if (run.endsAt() == null) {
      repository.endsAt(
          run.id(), context.now().plus(Duration.ofMinutes(run.request().durationMinutes())));
    }
    return StepState.SUCCEEDED;
  }
}
