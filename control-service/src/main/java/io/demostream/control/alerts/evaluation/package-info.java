/**
 * Evaluation: the {@link io.demostream.control.alerts.evaluation.PaneSubscriber} reads the panes
 * topic and hands each pane to the {@link io.demostream.control.alerts.evaluation.AlertEvaluator},
 * which runs the engine for every rule and commits the new state, its transitions and their outbox
 * rows in one transaction, guarded by the state's version ({@link
 * io.demostream.control.alerts.evaluation.AlertStateStore}). Also the dry run of a rule over the
 * warehouse's stored panes.
 */
package io.demostream.control.alerts.evaluation;
