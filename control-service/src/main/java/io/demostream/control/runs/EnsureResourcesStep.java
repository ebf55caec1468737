package io.demostream.control.runs;

import io.demostream.control.resources.ResourceService;

/** Creates what the pipeline needs and is missing; idempotent, so repeating it is safe. */
final class EnsureResourcesStep implements Step {

  private final ResourceService resources;

  EnsureResourcesStep(ResourceService resources) {
    this.resources = resources;
  }

  @Override
  public RunStep kind() {
    return RunStep.ENSURE_RESOURCES;
  }

  @Override
  public StepState perform(StepContext context) {
    resources.ensure();
    return StepState.SUCCEEDED;
  }
}
