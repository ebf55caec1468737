package io.demostream.pipeline.aggregate;

/** {@code window_summary}: users, gender split and average ages of a window. */
public final class SummaryFn extends UserAccumulatorFn<SummaryAccumulator> {

  public SummaryFn() {
    super(SummaryAccumulator.Coder.of());
  }

  @Override
  public SummaryAccumulator createAccumulator() {
    return new SummaryAccumulator();
  }
}
