package io.demostream.pipeline;

/** Entry point of the demographics pipeline. */
public final class DemographicsPipeline {

  private DemographicsPipeline() {}

  public static void main(String[] args) {}
}
