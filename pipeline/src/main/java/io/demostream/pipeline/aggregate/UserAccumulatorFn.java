package io.demostream.pipeline.aggregate;

import io.demostream.events.AnalyticUser;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/**
 * The {@link CombineFn} contract shared by the aggregates: inputs are added to a {@link
 * UserAccumulator} in place, merging folds into a fresh accumulator, the output is a copy (so later
 * inputs do not change an emitted pane) and the accumulator's coder serves both accumulator and
 * output.
 */
abstract class UserAccumulatorFn<A extends UserAccumulator<A>>
    extends CombineFn<AnalyticUser, A, A> {

  private final Coder<A> coder;

  UserAccumulatorFn(Coder<A> coder) {
    this.coder = coder;
  }

  @Override
  public final A addInput(A accumulator, AnalyticUser user) {
    accumulator.add(user);
    return accumulator;
  }

  @Override
  public final A mergeAccumulators(Iterable<A> accumulators) {
    A merged = createAccumulator();
    for (A accumulator : accumulators) {
      merged.merge(accumulator);
    }
    return merged;
  }

  @Override
  public final A extractOutput(A accumulator) {
    return accumulator.copy();
  }

  @Override
  public final Coder<A> getAccumulatorCoder(
      CoderRegistry registry, Coder<AnalyticUser> inputCoder) {
    return coder;
  }

  @Override
  public final Coder<A> getDefaultOutputCoder(
      CoderRegistry registry, Coder<AnalyticUser> inputCoder) {
    return coder;
  }
}
