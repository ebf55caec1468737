package io.demostream.control.alerts.engine;

import java.util.List;

/** What the engine returns: the rule's next state and the transitions that led there. */
public record Evaluation(RuleState state, List<AlertEvent> events) {

  public Evaluation {
    events = List.copyOf(events);
  }

  /** Whether the state changed at all (a duplicate pane changes nothing). */
  public boolean changed(RuleState before) {
    return !state.equals(before) || !events.isEmpty();
  }
}
