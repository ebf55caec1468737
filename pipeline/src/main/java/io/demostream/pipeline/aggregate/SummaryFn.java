package io.demostream.pipeline.aggregate;

import io.demostream.events.AnalyticUser;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/** {@code window_summary}: users, gender split and average ages of a window. */
public final class SummaryFn
    extends CombineFn<AnalyticUser, SummaryAccumulator, SummaryAccumulator> {

  @Override
  public SummaryAccumulator createAccumulator() {
    return new SummaryAccumulator();
  }

  @Override
  public SummaryAccumulator addInput(SummaryAccumulator accumulator, AnalyticUser user) {
    accumulator.add(user);
    return accumulator;
  }

  @Override
  public SummaryAccumulator mergeAccumulators(Iterable<SummaryAccumulator> accumulators) {
    SummaryAccumulator merged = new SummaryAccumulator();
    for (SummaryAccumulator accumulator : accumulators) {
      merged.merge(accumulator);
    }
    return merged;
  }

  @Override
  public SummaryAccumulator extractOutput(SummaryAccumulator accumulator) {
    return accumulator.copy();
  }

  @Override
  public Coder<SummaryAccumulator> getAccumulatorCoder(
      CoderRegistry registry, Coder<AnalyticUser> inputCoder) {
    return SummaryAccumulator.Coder.of();
  }

  @Override
  public Coder<SummaryAccumulator> getDefaultOutputCoder(
      CoderRegistry registry, Coder<AnalyticUser> inputCoder) {
    return SummaryAccumulator.Coder.of();
  }
}
