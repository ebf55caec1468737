package io.demostream.control.alerts;

import io.demostream.control.alerts.engine.AlertStatus;
import io.demostream.control.alerts.engine.SeriesState;
import io.demostream.control.alerts.engine.WindowVerdict;
import io.demostream.control.alerts.evaluation.AlertEvaluator;
import io.demostream.control.alerts.evaluation.DryRun;
import io.demostream.control.alerts.evaluation.TransitionHistory;
import io.demostream.control.alerts.rules.AlertRuleService;
import io.demostream.control.alerts.rules.StoredRule;
import io.demostream.support.problem.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What alerts are doing: pending and firing series now, the recorded transitions of a range, and a
 * rule's dry run over the warehouse's stored panes (nothing written, nothing notified).
 */
@RestController
class AlertsController {

  /** The longest range a history or dry run may ask for. */
  static final Duration MAX_RANGE = Duration.ofDays(31);

  private final AlertRuleService rules;
  private final AlertEvaluator evaluator;
  private final TransitionHistory history;
  private final DryRun dryRun;

  AlertsController(
      AlertRuleService rules, AlertEvaluator evaluator, TransitionHistory history, DryRun dryRun) {
    this.rules = rules;
    this.evaluator = evaluator;
    this.history = history;
    this.dryRun = dryRun;
  }

  @GetMapping("/api/v1/alerts")
  List<CurrentAlert> current() {
    List<CurrentAlert> alerts = new ArrayList<>();
    for (StoredRule rule : rules.list()) {
      for (Map.Entry<String, SeriesState> entry : evaluator.active(rule.id()).entrySet()) {
        SeriesState s = entry.getValue();
        WindowVerdict latest = s.recent().isEmpty() ? null : s.recent().get(s.recent().size() - 1);
        alerts.add(
            new CurrentAlert(
                rule.id(),
                rule.rule().name(),
                rule.rule().severity().json(),
                rule.rule().metric().json(),
                entry.getKey(),
                s.status().json(),
                s.activeSince(),
                latest == null ? null : latest.value(),
                latest == null ? null : latest.windowStart(),
                latest == null ? null : latest.windowEnd(),
                s.revision()));
      }
    }
    alerts.sort(
        (a, b) ->
            a.status().equals(b.status())
                ? a.ruleName().compareTo(b.ruleName())
                : AlertStatus.FIRING.json().equals(a.status()) ? -1 : 1);
    return alerts;
  }

  @GetMapping("/api/v1/alerts/history")
  List<TransitionHistory.Transition> history(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          Instant to) {
    Instant end = to == null ? Instant.now() : to;
    Instant start = from == null ? end.minus(Duration.ofHours(1)) : from;
    checkRange(start, end);
    return history.between(start, end);
  }

  /** Dry run: what the rule would have done over {@code [from, to)}; nothing notified. */
  @PostMapping("/api/v1/alert-rules/{id}/test")
  DryRun.Result test(
      @PathVariable String id,
      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
    checkRange(from, to);
    return dryRun.run(rules.get(id).rule(), from, to);
  }

  private static void checkRange(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw new InvalidRequestException("from", "from must be before to.");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw new InvalidRequestException("to", "The range may span at most 31 days.");
    }
  }
}
