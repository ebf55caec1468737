package io.demostream.pipeline.aggregate;

import io.demostream.events.AnalyticUser;

/**
 * A mutable per-window accumulator of users, as {@link UserAccumulatorFn} drives it: add one user,
 * merge another accumulator in, copy for output.
 */
abstract class UserAccumulator<A extends UserAccumulator<A>> {

  abstract void add(AnalyticUser user);

  abstract void merge(A other);

  abstract A copy();

  /** The users added so far, merged ones included. */
  public abstract long users();
}
