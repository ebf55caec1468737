package io.demostream.control.alerts.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the engine remembers of one rule: its series by key, the panes already applied (by
 * window and incarnation, the highest pane index), so that a redelivered or stale pane changes
 * nothing, and when the rule last saw any pane.
 */
public record RuleState(
    Map<String, SeriesState> series, Map<String, Long> appliedPanes, Instant lastPaneAt) {

  /** Windows whose applied pane indexes are remembered; older panes are taken as applied. */
  static final int REMEMBERED_WINDOWS = 256;

  public RuleState {
    series = series == null ? Map.of() : Map.copyOf(new TreeMap<>(series));
    appliedPanes = appliedPanes == null ? Map.of() : Map.copyOf(appliedPanes);
  }

  public static RuleState initial() {
    return new RuleState(Map.of(), Map.of(), null);
  }

  public SeriesState seriesOrInitial(String key) {
    return series.getOrDefault(key, SeriesState.initial());
  }

  RuleState withSeries(Map<String, SeriesState> next) {
    return new RuleState(next, appliedPanes, lastPaneAt);
  }

  RuleState withApplied(String paneKey, long paneIndex, Instant at) {
    Map<String, Long> next = new LinkedHashMap<>(new TreeMap<>(appliedPanes));
    next.put(paneKey, paneIndex);
    // Keys lead with the zero-padded window start, so the oldest windows sort first.
    while (next.size() > REMEMBERED_WINDOWS) {
      next.remove(next.keySet().iterator().next());
    }
    return new RuleState(series, new HashMap<>(next), at);
  }
}
