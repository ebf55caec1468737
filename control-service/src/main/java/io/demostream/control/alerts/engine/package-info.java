/**
 * The rule engine, a pure function: {@link io.demostream.control.alerts.engine.AlertEngine} takes a
 * rule, its {@link io.demostream.control.alerts.engine.RuleState} and a window pane (or the time,
 * for {@code absent}) and returns the new state and the {@link
 * io.demostream.control.alerts.engine.AlertEvent}s of the transitions. No I/O, no clock: whoever
 * calls it persists the state and the events together.
 */
package io.demostream.control.alerts.engine;
