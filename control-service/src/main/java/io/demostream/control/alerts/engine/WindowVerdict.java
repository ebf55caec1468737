package io.demostream.control.alerts.engine;

import java.time.Instant;

/**
 * How one window of one series was judged, from which pane.
 *
 * @param value the metric's value in the window
 * @param breached whether the condition held
 * @param filled whether no pane judged the window but its gap did: it ended, within the rule's
 *     grace, without any pane while a run was active, so it counted 0 users; a pane that comes
 *     later and changes the verdict revises it
 */
public record WindowVerdict(
    Instant windowStart,
    Instant windowEnd,
    double value,
    boolean breached,
    long paneIndex,
    boolean filled) {}
