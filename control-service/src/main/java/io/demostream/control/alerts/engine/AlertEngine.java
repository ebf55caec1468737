package io.demostream.control.alerts.engine;

import io.demostream.control.alerts.rules.AlertRule;
import io.demostream.control.alerts.rules.Condition;
import io.demostream.control.alerts.rules.Metric;
import io.demostream.events.panes.WindowPaneMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges a rule: a pure function of (rule, state, pane) or (rule, state, time) to the next state
 * and its transitions.
 *
 * <ul>
 *   <li>A window is judged by its on-time pane (or its first early pane when the rule opts in to
 *       early panes); early panes are otherwise ignored, being partial counts.
 *   <li>A series in breach for {@code forWindows} consecutive judged windows fires; before that it
 *       is pending. A firing series out of breach (past {@code recover} when set) resolves.
 *   <li>A later pane of a judged window that changes its verdict is a revision: a {@code revised}
 *       transition with the next revision number, never a silent rewrite. A revision of the latest
 *       window also moves the series' status (it may fire or resolve by revision).
 *   <li>A pane whose index this rule already applied for that window and incarnation changes
 *       nothing: redelivered messages are harmless.
 *   <li>{@code absent} is judged on time ({@link #onTick}) while a run is active; any pane of the
 *       series resolves it.
 *   <li>A window that ended without any pane while a run is active is judged on time too ({@link
 *       #onGaps}), as 0 users: a missing series counts 0 where that is what it means.
 * </ul>
 */
public final class AlertEngine {

  private AlertEngine() {}

  /** Applies one pane to the rule's state; {@code anomaly} rules judge nothing. */
  public static Evaluation onPane(
      AlertRule rule, RuleState state, WindowPaneMessage pane, Instant now) {
    return onPane(rule, state, pane, now, Expectations.NONE);
  }

  /** Applies one pane to the rule's state, {@code anomaly} rules against {@code expectations}. */
  public static Evaluation onPane(
      AlertRule rule,
      RuleState state,
      WindowPaneMessage pane,
      Instant now,
      Expectations expectations) {
    String paneKey = paneKey(pane);
    Long applied = state.appliedPanes().get(paneKey);
    if (applied != null && applied >= pane.paneIndex()) {
      return new Evaluation(state, List.of());
    }
    Instant windowStart = Instant.ofEpochMilli(pane.windowStartMillis());
    Instant windowEnd = Instant.ofEpochMilli(pane.windowEndMillis());
    String timing = pane.paneTiming() == null ? "" : pane.paneTiming().toUpperCase(Locale.ROOT);
    List<AlertEvent> events = new ArrayList<>();
    Map<String, SeriesState> series = new HashMap<>(state.series());

    if (rule.condition() instanceof Condition.Absent) {
      return Absence.onPane(rule, state, pane, paneKey, now);
    }

    boolean early = "EARLY".equals(timing);
    if (early && !Boolean.TRUE.equals(rule.earlyPanes())) {
      // Not judged, but heard: a pipeline still emitting panes is not silent (gap filling waits).
      return new Evaluation(state.heardAt(now), List.of());
    }
    boolean late = "LATE".equals(timing);
    RuleState next =
        state
            .withSeries(judgeWindow(rule, state, pane, now, late, false, expectations, events))
            .withApplied(paneKey, pane.paneIndex(), now);
    if ("ON_TIME".equals(timing)) {
      // How late after its window's end the on-time pane reached this evaluator: the pipeline's
      // lag, Pub/Sub's delivery included.
      next = next.withOnTimeLag(now.toEpochMilli() - pane.windowEndMillis());
    }
    return new Evaluation(next, events);
  }

  /**
   * Judges the windows that ended without any pane as windows of 0 users: the gaps a stopped
   * ingestion leaves, since Beam fires no pane for an empty window. Only {@code users} rules (a
   * share or an average of no users is not judged), only while a run is active and once a window of
   * that run was judged (the grid of windows is the rule's own: the latest judged window, its size,
   * and the period between judged windows), only while no pane at all (early ones included) came
   * for {@code grace}, only windows after the latest judged one, and only once a window's end is
   * {@code grace} behind {@code now}, the margin in which its on-time pane would have come, on top
   * of how late the latest on-time pane was emitted after its window's end (a pipeline catching up
   * after a start or a stall). A pane that comes later for a filled window revises it if it changes
   * the verdict. Filling moves the rule's state like a pane does, so it is committed, exactly once,
   * the same way.
   *
   * @param runActiveSince when the active run began, or null when no run is active (nothing is
   *     filled then)
   */
  public static Evaluation onGaps(
      AlertRule rule, RuleState state, Instant now, Instant runActiveSince, Duration grace) {
    return onGaps(rule, state, now, runActiveSince, grace, Expectations.NONE);
  }

  /** {@link #onGaps(AlertRule, RuleState, Instant, Instant, Duration)}, anomalies judged too. */
  public static Evaluation onGaps(
      AlertRule rule,
      RuleState state,
      Instant now,
      Instant runActiveSince,
      Duration grace,
      Expectations expectations) {
    Evaluation unchanged = new Evaluation(state, List.of());
    if (runActiveSince == null
        || rule.condition() instanceof Condition.Absent
        || rule.metric() != Metric.USERS
        || state.lastPaneAt() == null
        || state.lastPaneAt().isBefore(runActiveSince)
        // Panes still come (early ones of later windows too): the pipeline has data in flight
        // and is only late; a stopped ingestion silences it.
        || Duration.between(state.lastPaneAt(), now).compareTo(grace) < 0) {
      return unchanged;
    }
    WindowGrid grid = WindowGrid.of(state);
    if (grid == null || grid.latestStart() + grid.size() <= runActiveSince.toEpochMilli()) {
      // No window of this run judged yet: its grid is not known.
      return unchanged;
    }
    // A pipeline catching up (after a start or a stall) emits on-time panes late: wait that much
    // longer.
    long wait = grace.toMillis() + (state.onTimeLagMillis() == null ? 0 : state.onTimeLagMillis());
    List<AlertEvent> events = new ArrayList<>();
    RuleState next = state;
    long start = grid.latestStart() + grid.period();
    for (int filled = 0;
        filled < MAX_FILLED_WINDOWS && start + grid.size() + wait <= now.toEpochMilli();
        filled++, start += grid.period()) {
      WindowPaneMessage empty =
          new WindowPaneMessage(
              GAP_INCARNATION,
              start,
              start + grid.size(),
              "ON_TIME",
              0,
              start + grid.size(),
              List.of(),
              List.of());
      next =
          next.withSeries(judgeWindow(rule, next, empty, now, false, true, expectations, events));
    }
    return new Evaluation(next, events);
  }

  /** Windows filled by one call at most: a long silence is caught up over a few calls. */
  static final int MAX_FILLED_WINDOWS = 16;

  /** The incarnation of the empty pane a gap is judged by; never stored as applied. */
  static final String GAP_INCARNATION = "gap";

  /** Every series of the rule judged on one pane (or, {@code filled}, on a gap). */
  private static Map<String, SeriesState> judgeWindow(
      AlertRule rule,
      RuleState state,
      WindowPaneMessage pane,
      Instant now,
      boolean late,
      boolean filled,
      Expectations expectations,
      List<AlertEvent> events) {
    Instant windowStart = Instant.ofEpochMilli(pane.windowStartMillis());
    Instant windowEnd = Instant.ofEpochMilli(pane.windowEndMillis());
    Map<String, SeriesState> series = new HashMap<>(state.series());
    Map<String, Measurement> measurements = Measurements.of(rule, pane, state.series().keySet());
    for (Map.Entry<String, Measurement> entry : measurements.entrySet()) {
      String key = entry.getKey();
      SeriesState s = series.getOrDefault(key, SeriesState.initial());
      Double value = entry.getValue().value();
      if (value != null) {
        s =
            judge(
                rule,
                key,
                s,
                windowStart,
                windowEnd,
                value,
                pane.paneIndex(),
                late,
                filled,
                now,
                expectations,
                events);
      }
      // A gap shows nothing of the series: only a pane counts as seeing it.
      series.put(key, filled ? s : s.seenAt(now));
    }
    return series;
  }

  /**
   * Judges {@code absent} rules on time ({@link Absence#onTick}).
   *
   * @param runActiveSince when the active run began, or null when no run is active
   */
  public static Evaluation onTick(
      AlertRule rule, RuleState state, Instant now, Instant runActiveSince) {
    return Absence.onTick(rule, state, now, runActiveSince);
  }

  private static SeriesState judge(
      AlertRule rule,
      String key,
      SeriesState s,
      Instant windowStart,
      Instant windowEnd,
      double value,
      long paneIndex,
      boolean late,
      boolean filled,
      Instant now,
      Expectations expectations,
      List<AlertEvent> events) {
    int keep = rule.condition() instanceof Condition.Deviation d ? d.baselineWindows() : 1;
    WindowVerdict latest = s.latest();
    if (latest == null || windowStart.isAfter(latest.windowStart())) {
      Verdict verdict = Verdict.of(rule, key, s, s.status(), windowStart, value, expectations);
      if (verdict == null) {
        // Not judged yet (a deviation baseline still filling): the value joins the baseline.
        return s.withVerdict(
            new WindowVerdict(windowStart, windowEnd, value, false, paneIndex, filled), keep);
      }
      s = s.withVerdict(verdict.window(windowStart, windowEnd, value, paneIndex, filled), keep);
      return advance(
          rule, key, s, s.breaches(), verdict, windowStart, windowEnd, value, now, 0, events);
    }
    if (windowStart.equals(latest.windowStart())) {
      // A later pane of the latest judged window: judged against the status before that window.
      AlertStatus before = statusBefore(rule, s, latest);
      Verdict verdict = Verdict.of(rule, key, s, before, windowStart, value, expectations);
      if (verdict == null) {
        return s;
      }
      SeriesState updated =
          s.withVerdict(verdict.window(windowStart, windowEnd, value, paneIndex, filled), keep);
      if (verdict.breached() == latest.breached()) {
        return updated;
      }
      int breachesBefore = latest.breached() ? s.breaches() - 1 : 0;
      // A late pane, or any pane of a window its gap judged, changes a verdict already given.
      boolean revises = late || (latest.filled() && !filled);
      int revision = revises ? s.revision() + 1 : 0;
      if (revises) {
        updated = updated.withRevision(revision);
      }
      return advance(
          rule,
          key,
          updated,
          breachesBefore,
          verdict,
          windowStart,
          windowEnd,
          value,
          now,
          revision,
          events);
    }
    // An older window: its verdict is recorded; a late pane that changes it is a revision that
    // leaves the current status alone (later windows have been judged since).
    WindowVerdict existing = s.verdictFor(windowStart);
    Verdict verdict =
        Verdict.of(rule, key, s, AlertStatus.NORMAL, windowStart, value, expectations);
    if (verdict == null) {
      return s;
    }
    SeriesState updated =
        s.withVerdict(verdict.window(windowStart, windowEnd, value, paneIndex, filled), keep);
    if (existing != null
        && existing.breached() != verdict.breached()
        && (late || (existing.filled() && !filled))) {
      int revision = s.revision() + 1;
      updated = updated.withRevision(revision);
      events.add(
          new AlertEvent(
              key,
              s.status(),
              AlertStatus.REVISED,
              windowStart,
              windowEnd,
              value,
              verdict.threshold(),
              s.activeSince() == null ? now : s.activeSince(),
              null,
              revision,
              verdict.breached(),
              now));
    }
    return updated;
  }

  /**
   * Moves the status after a window's verdict. With {@code revision > 0} every transition is
   * reported as {@code revised} (the new status is in the state, the new verdict in the event).
   */
  private static SeriesState advance(
      AlertRule rule,
      String key,
      SeriesState s,
      int breachesBefore,
      Verdict verdict,
      Instant windowStart,
      Instant windowEnd,
      double value,
      Instant now,
      int revision,
      List<AlertEvent> events) {
    AlertStatus from = s.status();
    AlertStatus to;
    int breaches;
    Instant activeSince = s.activeSince();
    if (verdict.breached()) {
      breaches = breachesBefore + 1;
      if (from == AlertStatus.FIRING) {
        to = AlertStatus.FIRING;
      } else if (breaches >= rule.forWindows()) {
        to = AlertStatus.FIRING;
        activeSince = from == AlertStatus.PENDING && activeSince != null ? activeSince : now;
      } else {
        to = AlertStatus.PENDING;
        activeSince = from == AlertStatus.PENDING ? activeSince : now;
      }
    } else {
      breaches = 0;
      to =
          switch (from) {
            case FIRING -> AlertStatus.RESOLVED;
            case PENDING -> AlertStatus.NORMAL;
            default -> from;
          };
    }
    SeriesState next = s.with(to, breaches, activeSince);
    if (to != from || revision > 0) {
      boolean ended = to == AlertStatus.RESOLVED || to == AlertStatus.NORMAL;
      events.add(
          new AlertEvent(
              key,
              from,
              revision > 0 ? AlertStatus.REVISED : to,
              windowStart,
              windowEnd,
              value,
              verdict.threshold(),
              activeSince == null ? now : activeSince,
              ended ? now : null,
              revision > 0 ? revision : s.revision(),
              revision > 0 ? verdict.breached() : null,
              now));
    }
    return next;
  }

  /** The status the series had before the latest window was judged, as far as it can be told. */
  private static AlertStatus statusBefore(AlertRule rule, SeriesState s, WindowVerdict latest) {
    if (latest.breached()
        && s.status() == AlertStatus.FIRING
        && s.breaches() == rule.forWindows()) {
      return AlertStatus.NORMAL;
    }
    if (!latest.breached() && s.status() == AlertStatus.RESOLVED) {
      return AlertStatus.FIRING;
    }
    return s.status();
  }

  /** Window start, zero-padded so that keys sort by time, then the incarnation. */
  static String paneKey(WindowPaneMessage pane) {
    return String.format(Locale.ROOT, "%015d/%s", pane.windowStartMillis(), pane.incarnationId());
  }
}
