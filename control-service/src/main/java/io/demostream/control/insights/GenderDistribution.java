package io.demostream.control.insights;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/insights/gender}: the split over the range, and per tiling window, oldest
 * first.
 */
public record GenderDistribution(
    long male, long female, long other, long total, List<Point> points) {

  public record Point(Instant windowStart, long male, long female, long other) {}
}
