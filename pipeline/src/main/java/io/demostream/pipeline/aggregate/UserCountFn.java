package io.demostream.pipeline.aggregate;

/** {@code window_by_age_band}: users of a group. */
public final class UserCountFn extends UserAccumulatorFn<CountAccumulator> {

  public UserCountFn() {
    super(CountAccumulator.Coder.of());
  }

  @Override
  public CountAccumulator createAccumulator() {
    return new CountAccumulator();
  }
}
