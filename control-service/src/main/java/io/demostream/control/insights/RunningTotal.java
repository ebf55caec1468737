package io.demostream.control.insights;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/insights/running-total}: one point per tiling window, oldest first. */
public record RunningTotal(List<Point> points) {

  /**
   * @param users users in this window
   * @param cumulativeUsers users in this and every earlier window of the range
   * @param paneTiming EARLY, ON_TIME or LATE: whether the window may still grow
   */
  public record Point(
      Instant windowStart,
      Instant windowEnd,
      long users,
      long cumulativeUsers,
      String paneTiming) {}
}
