package io.demostream.control.alerts.engine;

import java.util.TreeSet;

/** Where the rule's windows lie: the latest judged one, their size and their period. */
record WindowGrid(long latestStart, long size, long period) {

  /** Null when no window was judged yet. */
  static WindowGrid of(RuleState state) {
    TreeSet<Long> starts = new TreeSet<>();
    WindowVerdict latest = null;
    for (SeriesState s : state.series().values()) {
      for (WindowVerdict v : s.recent()) {
        starts.add(v.windowStart().toEpochMilli());
        if (latest == null || v.windowStart().isAfter(latest.windowStart())) {
          latest = v;
        }
      }
    }
    if (latest == null) {
      return null;
    }
    long size = latest.windowEnd().toEpochMilli() - latest.windowStart().toEpochMilli();
    if (size <= 0) {
      return null;
    }
    // Fixed windows follow each other by their size; sliding ones by their period, the
    // smallest step between two judged windows.
    long period = size;
    Long previous = null;
    for (long start : starts) {
      if (previous != null && start - previous > 0) {
        period = Math.min(period, start - previous);
      }
      previous = start;
    }
    return new WindowGrid(latest.windowStart().toEpochMilli(), size, period);
  }
}
