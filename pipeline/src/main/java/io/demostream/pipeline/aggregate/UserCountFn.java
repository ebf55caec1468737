package io.demostream.pipeline.aggregate;

import io.demostream.events.AnalyticUser;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/** {@code window_by_age_band}: users of a group. */
public final class UserCountFn extends CombineFn<AnalyticUser, CountAccumulator, CountAccumulator> {

  @Override
  public CountAccumulator createAccumulator() {
    return new CountAccumulator();
  }

  @Override
  public CountAccumulator addInput(CountAccumulator accumulator, AnalyticUser user) {
    accumulator.users++;
    return accumulator;
  }

  @Override
  public CountAccumulator mergeAccumulators(Iterable<CountAccumulator> accumulators) {
    long users = 0;
    for (CountAccumulator accumulator : accumulators) {
      users += accumulator.users;
    }
    return new CountAccumulator(users);
  }

  @Override
  public CountAccumulator extractOutput(CountAccumulator accumulator) {
    return new CountAccumulator(accumulator.users);
  }

  @Override
  public Coder<CountAccumulator> getAccumulatorCoder(
      CoderRegistry registry, Coder<AnalyticUser> inputCoder) {
    return CountAccumulator.Coder.of();
  }

  @Override
  public Coder<CountAccumulator> getDefaultOutputCoder(
      CoderRegistry registry, Coder<AnalyticUser> inputCoder) {
    return CountAccumulator.Coder.of();
  }
}
