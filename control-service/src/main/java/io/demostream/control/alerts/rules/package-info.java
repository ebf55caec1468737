/**
 * Alert rules: the model of the REST API ({@link io.demostream.control.alerts.rules.AlertRule}, its
 * {@link io.demostream.control.alerts.rules.Condition}s), its validation, and the rules kept in the
 * state database with a version that changes on every edit.
 */
package io.demostream.control.alerts.rules;
