package io.demostream.pipeline.aggregate;

import io.demostream.events.AnalyticUser;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/** {@code window_by_country_gender}: users and average ages of a group. */
public final class AgeAveragesFn extends CombineFn<AnalyticUser, AgeAccumulator, AgeAccumulator> {

  @Override
  public AgeAccumulator createAccumulator() {
    return new AgeAccumulator();
  }

  @Override
  public AgeAccumulator addInput(AgeAccumulator accumulator, AnalyticUser user) {
    accumulator.add(user);
    return accumulator;
  }

  @Override
  public AgeAccumulator mergeAccumulators(Iterable<AgeAccumulator> accumulators) {
    AgeAccumulator merged = new AgeAccumulator();
    for (AgeAccumulator accumulator : accumulators) {
      merged.merge(accumulator);
    }
    return merged;
  }

  @Override
  public AgeAccumulator extractOutput(AgeAccumulator accumulator) {
    return accumulator.copy();
  }

  @Override
  public Coder<AgeAccumulator> getAccumulatorCoder(
      CoderRegistry registry, Coder<AnalyticUser> inputCoder) {
    return AgeAccumulator.Coder.of();
  }

  @Override
  public Coder<AgeAccumulator> getDefaultOutputCoder(
      CoderRegistry registry, Coder<AnalyticUser> inputCoder) {
    return AgeAccumulator.Coder.of();
  }
}
