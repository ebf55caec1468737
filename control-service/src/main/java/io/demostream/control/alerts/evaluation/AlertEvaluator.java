package io.demostream.control.alerts.evaluation;

import io.demostream.control.alerts.engine.AlertEngine;
import io.demostream.control.alerts.engine.AlertStatus;
import io.demostream.control.alerts.engine.Evaluation;
import io.demostream.control.alerts.engine.Expectations;
import io.demostream.control.alerts.engine.RuleState;
import io.demostream.control.alerts.engine.SeriesState;
import io.demostream.control.alerts.notify.AlertMetrics;
import io.demostream.control.alerts.rules.AlertRuleRepository;
import io.demostream.control.alerts.rules.Condition;
import io.demostream.control.alerts.rules.StoredRule;
import io.demostream.events.panes.WindowPaneMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies panes (and the time: {@code absent} rules, and windows that ended without a pane) to
 * every rule: reads the rule's state, runs the engine, commits state, transitions and outbox rows
 * together, and starts over on a version conflict. Safe with any number of evaluators on one state
 * database, and for a pane delivered twice: the rule's versioned state is also the cursor of the
 * windows judged, so a gap filled by one replica is found filled by the other.
 */
public class AlertEvaluator {

  private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

  /** Commits attempted per rule and pane before giving up (the pane is then redelivered). */
  static final int MAX_ATTEMPTS = 20;

  private final AlertRuleRepository rules;
  private final AlertStateStore states;
  private final RunActivity activity;
  private final AlertMetrics metrics;
  private final Clock clock;
  private final Duration gapGrace;
  private final ForecastExpectations forecasts;

  /**
   * @param gapGrace how long after a window's end its on-time pane may still come; a window without
   *     any pane by then is judged as 0 users
   * @param forecasts what {@code anomaly} rules are judged against; null: they judge nothing
   */
  public AlertEvaluator(
      AlertRuleRepository rules,
      AlertStateStore states,
      RunActivity activity,
      AlertMetrics metrics,
      Clock clock,
      Duration gapGrace,
      ForecastExpectations forecasts) {
    this.rules = rules;
    this.states = states;
    this.activity = activity;
    this.metrics = metrics;
    this.clock = clock;
    this.gapGrace = gapGrace;
    this.forecasts = forecasts;
  }

  private Expectations expectations(StoredRule rule) {
    return forecasts == null || !(rule.rule().condition() instanceof Condition.Anomaly)
        ? Expectations.NONE
        : forecasts.of(rule.rule());
  }

  /** Applies one pane to every rule; throws when a rule could not be committed. */
  public void onPane(WindowPaneMessage pane) {
    Instant now = clock.instant();
    for (StoredRule rule : rules.list()) {
      Expectations expected = expectations(rule);
      apply(rule, state -> AlertEngine.onPane(rule.rule(), state, pane, now, expected), now);
    }
    metrics.evaluated(
        Duration.between(Instant.ofEpochMilli(pane.emittedAtMillis()), clock.instant()));
  }

  /**
   * Judges the windows that ended (by the grace) without any pane while a run is active, as 0 users
   * ({@link AlertEngine#onGaps}); nothing while no run is.
   */
  public void fillGaps() {
    Instant activeSince = activity.activeSince();
    if (activeSince == null) {
      return;
    }
    Instant now = clock.instant();
    for (StoredRule rule : rules.list()) {
      Expectations expected = expectations(rule);
      apply(
          rule,
          state -> AlertEngine.onGaps(rule.rule(), state, now, activeSince, gapGrace, expected),
          now);
    }
  }

  /** Judges {@code absent} rules on time and refreshes the firing gauge. */
  public void onTick() {
    Instant now = clock.instant();
    Instant activeSince = activity.activeSince();
    List<StoredRule> all = rules.list();
    for (StoredRule rule : all) {
      apply(rule, state -> AlertEngine.onTick(rule.rule(), state, now, activeSince), now);
    }
    Map<List<String>, Long> firing =
        new TreeMap<>((a, b) -> String.join("\0", a).compareTo(String.join("\0", b)));
    for (StoredRule rule : all) {
      long count =
          states.load(rule.id()).state().series().values().stream()
              .filter(s -> s.status() == AlertStatus.FIRING)
              .count();
      firing.put(List.of(rule.rule().name(), rule.rule().severity().json()), count);
    }
    metrics.firing(firing);
  }

  private void apply(StoredRule rule, Function<RuleState, Evaluation> engine, Instant now) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      AlertStateStore.Versioned current = states.load(rule.id());
      Evaluation evaluation = engine.apply(current.state());
      if (!evaluation.changed(current.state())) {
        return;
      }
      var recorded = states.commit(rule, current.version(), evaluation, now);
      if (recorded.isPresent()) {
        recorded
            .get()
            .forEach(
                r -> metrics.transition(r.event().status().json(), rule.rule().severity().json()));
        recorded
            .get()
            .forEach(
                r ->
                    log.info(
                        "Alert {} {}: {} -> {} ({})",
                        rule.rule().name(),
                        r.event().seriesKey(),
                        r.event().from().json(),
                        r.event().status().json(),
                        r.dedupKey()));
        return;
      }
    }
    throw new IllegalStateException(
        "Rule " + rule.id() + " kept changing under this evaluator; the pane will be redelivered");
  }

  /** The series of a rule that are pending or firing now. */
  public Map<String, SeriesState> active(String ruleId) {
    Map<String, SeriesState> result = new TreeMap<>();
    states
        .load(ruleId)
        .state()
        .series()
        .forEach(
            (key, s) -> {
              if (s.status() == AlertStatus.PENDING || s.status() == AlertStatus.FIRING) {
                result.put(key, s);
              }
            });
    return result;
  }
}
