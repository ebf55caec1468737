package io.demostream.control.insights;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * {@code GET /api/v1/insights/summary}: users over the tiling windows of the range.
 *
 * @param avgAge years, weighted by users; null when the range has no users
 * @param avgRegisteredAge years since registration, weighted by users; null without users
 * @param windows tiling windows counted
 * @param latestEmittedAt when the most recent pane of any window in range was emitted; null when
 *     the range has no windows
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Summary(
    Instant from,
    Instant to,
    long totalUsers,
    long male,
    long female,
    long otherGender,
    Double avgAge,
    Double avgRegisteredAge,
    int windows,
    Instant latestEmittedAt) {}
