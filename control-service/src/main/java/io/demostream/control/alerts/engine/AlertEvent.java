package io.demostream.control.alerts.engine;

import java.time.Instant;

/**
 * One transition of one series: from which status to which, for which window, with the value and
 * the threshold that decided it.
 *
 * @param status the status the series moved to, or {@code REVISED} when a late pane changed a
 *     judged window's verdict ({@link #revisedBreach} then says the new verdict)
 * @param startsAt when the alert (the series' current episode) began
 * @param endsAt when it resolved, null while it lasts
 * @param at the time of the transition (the evaluation's clock)
 */
public record AlertEvent(
    String seriesKey,
    AlertStatus from,
    AlertStatus status,
    Instant windowStart,
    Instant windowEnd,
    Double value,
    Double threshold,
    Instant startsAt,
    Instant endsAt,
    int revision,
    Boolean revisedBreach,
    Instant at) {}
