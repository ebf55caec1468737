package io.demostream.control.alerts.engine;

/**
 * A series' metric in one window.
 *
 * @param value the metric, or null when the window is not judged (no users for a ratio, or fewer
 *     than the rule's {@code minUsers})
 * @param users the users the value is made of
 */
public record Measurement(Double value, long users) {}
