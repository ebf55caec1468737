package io.demostream.control.alerts.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One series of one rule: its status, how many consecutive judged windows were in breach, the
 * recent verdicts (for revisions and the deviation baseline), the revision count, when the current
 * alert began, and when a pane last showed the series (for {@code absent}).
 */
public record SeriesState(
    AlertStatus status,
    int breaches,
    List<WindowVerdict> recent,
    int revision,
    Instant activeSince,
    Instant lastSeenAt) {

  /** Verdicts kept beyond what a deviation baseline needs, for late panes to revise. */
  static final int KEPT_VERDICTS = 64;

  public SeriesState {
    recent = recent == null ? List.of() : List.copyOf(recent);
  }

  public static SeriesState initial() {
    return new SeriesState(AlertStatus.NORMAL, 0, List.of(), 0, null, null);
  }

  /** The latest window judged, or null. */
  WindowVerdict latest() {
    return recent.isEmpty() ? null : recent.get(recent.size() - 1);
  }

  WindowVerdict verdictFor(Instant windowStart) {
    return recent.stream()
        .filter(v -> v.windowStart().equals(windowStart))
        .findFirst()
        .orElse(null);
  }

  /** Values of the judged windows before {@code windowStart}, newest last, at most {@code n}. */
  List<Double> valuesBefore(Instant windowStart, int n) {
    List<Double> values =
        recent.stream()
            .filter(v -> v.windowStart().isBefore(windowStart))
            .map(WindowVerdict::value)
            .toList();
    return values.subList(Math.max(0, values.size() - n), values.size());
  }

  SeriesState withVerdict(WindowVerdict verdict, int keep) {
    List<WindowVerdict> next = new ArrayList<>(recent);
    next.removeIf(v -> v.windowStart().equals(verdict.windowStart()));
    next.add(verdict);
    next.sort(Comparator.comparing(WindowVerdict::windowStart));
    int bound = Math.max(keep, 1) + KEPT_VERDICTS;
    List<WindowVerdict> kept = next.subList(Math.max(0, next.size() - bound), next.size());
    return new SeriesState(status, breaches, kept, revision, activeSince, lastSeenAt);
  }

  SeriesState with(AlertStatus status, int breaches, Instant activeSince) {
    return new SeriesState(status, breaches, recent, revision, activeSince, lastSeenAt);
  }

  SeriesState withRevision(int revision) {
    return new SeriesState(status, breaches, recent, revision, activeSince, lastSeenAt);
  }

  SeriesState seenAt(Instant at) {
    return new SeriesState(status, breaches, recent, revision, activeSince, at);
  }
}
