package io.demostream.control.insights;

import java.time.Instant;

/**
 * One window of {@code latest_window_summary}: its latest pane, combined across incarnations.
 *
 * @param paneTiming EARLY, ON_TIME or LATE, of the window's most recently emitted pane
 * @param emittedAt when that pane was emitted
 */
public record WindowRow(
    Instant windowStart,
    Instant windowEnd,
    long users,
    long male,
    long female,
    long otherGender,
    double avgAge,
    double avgRegisteredAge,
    String paneTiming,
    Instant emittedAt) {

  /**
   * Whether the window belongs to the epoch-aligned tiling of windows of its size: its start is a
   * multiple of its length. Fixed windows always tile. Sliding windows (size a multiple of the
   * period, both aligned to the epoch, as the pipeline requires) overlap, and exactly one window in
   * every {@code size / period} tiles; counting only those counts every user exactly once. The SQL
   * of {@link io.demostream.events.warehouse.TilingWindows} is the same rule for the queries that
   * aggregate in the warehouse.
   */
  public boolean tiling() {
    long length = windowEnd.getEpochSecond() - windowStart.getEpochSecond();
    return length > 0 && Math.floorMod(windowStart.getEpochSecond(), length) == 0;
  }
}
