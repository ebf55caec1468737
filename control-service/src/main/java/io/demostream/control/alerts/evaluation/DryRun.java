package io.demostream.control.alerts.evaluation;

import io.demostream.control.alerts.engine.AlertEngine;
import io.demostream.control.alerts.engine.AlertEvent;
import io.demostream.control.alerts.engine.Evaluation;
import io.demostream.control.alerts.engine.RuleState;
import io.demostream.control.alerts.rules.AlertRule;
import io.demostream.control.alerts.rules.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rule would have done over a past range: the engine from a fresh state over the stored
 * panes, in window order, each judged at its window's end. Writes and notifies nothing. {@code
 * absent} cannot be replayed from stored panes (it is about time without any) and reports no
 * transitions.
 */
public class DryRun {

  /** The answer of {@code POST /api/v1/alert-rules/{id}/test}. */
  public record Result(Instant from, Instant to, int windows, List<AlertEvent> transitions) {}

  private final StoredPanes panes;

  public DryRun(StoredPanes panes) {
    this.panes = panes;
  }

  public Result run(AlertRule rule, Instant from, Instant to) {
    var stored = panes.latest(from, to);
    List<AlertEvent> transitions = new ArrayList<>();
    if (!(rule.condition() instanceof Condition.Absent)) {
      RuleState state = RuleState.initial();
      for (var pane : stored) {
        Evaluation evaluation =
            AlertEngine.onPane(rule, state, pane, Instant.ofEpochMilli(pane.windowEndMillis()));
        state = evaluation.state();
        transitions.addAll(evaluation.events());
      }
    }
    return new Result(from, to, stored.size(), transitions);
  }
}
