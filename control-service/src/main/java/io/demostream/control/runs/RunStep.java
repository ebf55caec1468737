package io.demostream.control.runs;

/**
 * The steps of a run in the order they execute. The last two wind the flow down and also run after
 * a failure or a stop request, as far as there is something to stop.
 */
public enum RunStep {
  ENSURE_RESOURCES("ensure-resources"),
  START_JOB("start-job"),
  AWAIT_JOB_RUNNING("await-job-running"),
  START_INGESTION("start-ingestion"),
  RUN_FOR_DURATION("run-for-duration"),
  STOP_INGESTION("stop-ingestion"),
  DRAIN_JOB("drain-job");

  private final String stepName;

  RunStep(String stepName) {
    this.stepName = stepName;
  }

  /** The step's name in the API. */
  public String stepName() {
    return stepName;
  }

  boolean windsDown() {
    return this == STOP_INGESTION || this == DRAIN_JOB;
  }

  static RunStep ofName(String name) {
    for (RunStep step : values()) {
      if (step.stepName.equals(name)) {
        return step;
      }
    }
    throw new IllegalArgumentException("Unknown step " + name);
  }
}
