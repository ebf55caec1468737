package io.demostream.control.alerts.engine;

import java.time.Instant;

/**
 * How one window of one series was judged, from which pane.
 *
 * @param value the metric's value in the window
 * @param breached whether the condition held
 */
public record WindowVerdict(
    Instant windowStart, Instant windowEnd, double value, boolean breached, long paneIndex) {}
