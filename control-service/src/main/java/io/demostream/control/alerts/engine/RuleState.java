package io.demostream.control.alerts.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the engine remembers of one rule: its series by key, the panes already applied (by
 * window and incarnation, the highest pane index), so that a redelivered or stale pane changes
 * nothing, when the rule last saw any pane (judged or not), and how late after its window's end the
 * latest on-time pane was applied (the pipeline's lag and Pub/Sub's delivery, which gap filling
 * waits for too; a longer earlier lag fades by a quarter per on-time pane).
 */
public record RuleState(
    Map<String, SeriesState> series,
    Map<String, Long> appliedPanes,
    Instant lastPaneAt,
    Long onTimeLagMillis) {

  /** Windows whose applied pane indexes are remembered; older panes are taken as applied. */
  static final int REMEMBERED_WINDOWS = 256;

  public RuleState {
    series = series == null ? Map.of() : Map.copyOf(new TreeMap<>(series));
    appliedPanes = appliedPanes == null ? Map.of() : Map.copyOf(appliedPanes);
  }

  public static RuleState initial() {
    return new RuleState(Map.of(), Map.of(), null, null);
  }

  public SeriesState seriesOrInitial(String key) {
    return series.getOrDefault(key, SeriesState.initial());
  }

  RuleState withSeries(Map<String, SeriesState> next) {
    return new RuleState(next, appliedPanes, lastPaneAt, onTimeLagMillis);
  }

  /**
   * The lag of an on-time pane just applied; an earlier, longer lag fades by a quarter per pane, so
   * that a few prompt panes of a pipeline whose lag jitters do not make gap filling trust it at
   * once.
   */
  RuleState withOnTimeLag(long millis) {
    long previous = onTimeLagMillis == null ? 0 : onTimeLagMillis * 3 / 4;
    return new RuleState(series, appliedPanes, lastPaneAt, Math.max(Math.max(0, millis), previous));
  }

  /** A pane came at {@code at}, whether or not it was judged. */
  RuleState heardAt(Instant at) {
    return new RuleState(series, appliedPanes, at, onTimeLagMillis);
  }

  RuleState withApplied(String paneKey, long paneIndex, Instant at) {
    Map<String, Long> next = new LinkedHashMap<>(new TreeMap<>(appliedPanes));
    next.put(paneKey, paneIndex);
    // Keys lead with the zero-padded window start, so the oldest windows sort first.
    while (next.size() > REMEMBERED_WINDOWS) {
      next.remove(next.keySet().iterator().next());
    }
    return new RuleState(series, new HashMap<>(next), at, onTimeLagMillis);
  }
}
