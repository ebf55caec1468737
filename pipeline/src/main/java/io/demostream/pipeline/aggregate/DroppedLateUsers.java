package io.demostream.pipeline.aggregate;

import io.demostream.events.metrics.PipelineCounters;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;

/**
 * Users dropped beyond the allowed lateness, read from Beam's own lateness counter: a late user is
 * dropped inside each of {@link AggregateDemographics}'s three {@code Combine} steps, and each step
 * counts it, so only the count of the summary's step ({@link #SUMMARY_STEP}) is a number of users.
 * Beam calls the counter {@code droppedDueToLateness} on Flink and Dataflow and {@code
 * DroppedDueToLateness} on the DirectRunner.
 */
public final class DroppedLateUsers {

  /** The counter's name as Flink and Dataflow give it (and as the metrics file keeps it). */
  public static final String COUNTER = PipelineCounters.DROPPED_DUE_TO_LATENESS;

  /** The aggregation step that holds each user once. */
  static final String SUMMARY_STEP = PipelineCounters.SUMMARY_STEP;

  private DroppedLateUsers() {}

  /** Whether {@code counter} is Beam's lateness counter, in either runner's spelling. */
  public static boolean isLatenessCounter(MetricResult<Long> counter) {
    return COUNTER.equalsIgnoreCase(counter.getName().getName());
  }

  /** The users dropped late, or {@code null} when no step has counted a drop yet. */
  public static Long count(MetricQueryResults metrics) {
    Long users = null;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      if (isLatenessCounter(counter) && counter.getKey().stepName().contains(SUMMARY_STEP)) {
        users = (users == null ? 0 : users) + attempted(counter);
      }
    }
    return users;
  }

  private static long attempted(MetricResult<Long> counter) {
    Long value;
    try {
      value = counter.getAttempted();
    } catch (UnsupportedOperationException e) {
      value = counter.getCommitted();
    }
    return value == null ? 0 : value;
  }
}
