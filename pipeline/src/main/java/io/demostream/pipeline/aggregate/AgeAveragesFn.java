package io.demostream.pipeline.aggregate;

/** {@code window_by_country_gender}: users and average ages of a group. */
public final class AgeAveragesFn extends UserAccumulatorFn<AgeAccumulator> {

  public AgeAveragesFn() {
    super(AgeAccumulator.Coder.of());
  }

  @Override
  public AgeAccumulator createAccumulator() {
    return new AgeAccumulator();
  }
}
