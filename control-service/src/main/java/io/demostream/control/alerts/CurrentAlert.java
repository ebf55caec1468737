package io.demostream.control.alerts;

import java.time.Instant;

/**
 * A series pending or firing now, as {@code GET /api/v1/alerts} answers it.
 *
 * @param since when the series became pending or began firing
 * @param value the metric in the latest judged window
 */
public record CurrentAlert(
    String ruleId,
    String ruleName,
    String severity,
    String metric,
    String seriesKey,
    String status,
    Instant since,
    Double value,
    Instant windowStart,
    Instant windowEnd,
    int revision) {}
