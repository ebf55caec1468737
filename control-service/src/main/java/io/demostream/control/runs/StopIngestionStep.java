package io.demostream.control.runs;

import io.demostream.control.ingest.IngestClient;

/**
 * Stops ingestion, also after a failure or a stop request: a start that failed may still have
 * started something. Skipped when ingestion was never attempted.
 */
final class StopIngestionStep implements Step {

  private final IngestClient ingest;
  private final RunRepository repository;

  StopIngestionStep(IngestClient ingest, RunRepository repository) {
    this.ingest = ingest;
    this.repository = repository;
  }

  @Override
  public RunStep kind() {
    return RunStep.STOP_INGESTION;
  }

  @Override
  public RetryPolicy retryPolicy() {
    return RetryPolicy.WIND_DOWN;
  }

  @Override
  public StepState perform(StepContext context) {
    StepState started = repository.stepState(context.runId(), RunStep.START_INGESTION);
    if (started == StepState.PENDING || started == StepState.SKIPPED) {
      return StepState.SKIPPED;
    }
    ingest.stop();
    return StepState.SUCCEEDED;
  }
}
