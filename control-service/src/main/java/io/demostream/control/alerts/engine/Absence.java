package io.demostream.control.alerts.engine;

import io.demostream.control.alerts.rules.AlertRule;
import io.demostream.control.alerts.rules.Condition;
import io.demostream.events.panes.WindowPaneMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code absent} rules: judged on time, not per window; any pane of a series resolves it. */
final class Absence {

  private Absence() {}

  /** A pane: every series it shows is seen now, and a firing one resolves. */
  static Evaluation onPane(
      AlertRule rule, RuleState state, WindowPaneMessage pane, String paneKey, Instant now) {
    Instant windowStart = Instant.ofEpochMilli(pane.windowStartMillis());
    Instant windowEnd = Instant.ofEpochMilli(pane.windowEndMillis());
    List<AlertEvent> events = new ArrayList<>();
    Map<String, SeriesState> series = new HashMap<>(state.series());
    for (String key : seen(rule, pane)) {
      SeriesState s = series.getOrDefault(key, SeriesState.initial()).seenAt(now);
      if (s.status() == AlertStatus.FIRING) {
        events.add(
            new AlertEvent(
                key,
                AlertStatus.FIRING,
                AlertStatus.RESOLVED,
                windowStart,
                windowEnd,
                (double) pane.users(),
                null,
                s.activeSince(),
                now,
                s.revision(),
                null,
                now));
        s = s.with(AlertStatus.RESOLVED, 0, s.activeSince());
      }
      series.put(key, s);
    }
    return new Evaluation(
        state.withSeries(series).withApplied(paneKey, pane.paneIndex(), now), events);
  }

  /**
   * Judges {@code absent} rules on time: a series (or the whole rule) without any pane for the
   * condition's duration fires, counting only time since the active run began.
   *
   * @param runActiveSince when the active run began, or null when no run is active (nothing is
   *     judged then)
   */
  static Evaluation onTick(AlertRule rule, RuleState state, Instant now, Instant runActiveSince) {
    if (!(rule.condition() instanceof Condition.Absent absent) || runActiveSince == null) {
      return new Evaluation(state, List.of());
    }
    List<String> keys =
        rule.groupedByCountry() ? List.copyOf(state.series().keySet()) : List.of(Measurements.ALL);
    List<AlertEvent> events = new ArrayList<>();
    Map<String, SeriesState> series = new HashMap<>(state.series());
    for (String key : keys) {
      SeriesState s = series.getOrDefault(key, SeriesState.initial());
      Instant since =
          s.lastSeenAt() == null || s.lastSeenAt().isBefore(runActiveSince)
              ? runActiveSince
              : s.lastSeenAt();
      Duration silent = Duration.between(since, now);
      if (s.status() != AlertStatus.FIRING && silent.compareTo(absent.forDuration()) >= 0) {
        events.add(
            new AlertEvent(
                key,
                s.status(),
                AlertStatus.FIRING,
                null,
                null,
                (double) silent.toSeconds(),
                (double) absent.forDuration().toSeconds(),
                now,
                null,
                s.revision(),
                null,
                now));
        series.put(key, s.with(AlertStatus.FIRING, 0, now));
      }
    }
    return new Evaluation(state.withSeries(series), events);
  }

  private static List<String> seen(AlertRule rule, WindowPaneMessage pane) {
    if (!rule.groupedByCountry()) {
      return List.of(Measurements.ALL);
    }
    return pane.cells().stream()
        .filter(cell -> cell.users() > 0)
        .map(cell -> Measurements.countryKey(cell.country()))
        .distinct()
        .toList();
  }
}
