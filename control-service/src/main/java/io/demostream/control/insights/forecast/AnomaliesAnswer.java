package io.demostream.control.insights.forecast;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/insights/anomalies}.
 *
 * @param engine the model's engine
 * @param trainedAt when it was trained
 * @param error the last training's error, or null
 * @param rows one per window in range that the model predicted
 */
public record AnomaliesAnswer(String engine, Instant trainedAt, String error, List<Row> rows) {

  /**
   * One window.
   *
   * @param value what it counted
   * @param lower lower bound of the expected band at the threshold
   * @param upper upper bound
   * @param probability how unusual: {@code 2 Phi(|z|) - 1} of the residual's robust z-score
   * @param anomaly {@code probability > threshold}
   */
  public record Row(
      Instant windowStart,
      double value,
      double lower,
      double upper,
      double probability,
      boolean anomaly) {}
}
