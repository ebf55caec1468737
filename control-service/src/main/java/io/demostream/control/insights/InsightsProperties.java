package io.demostream.control.insights;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The insights API and dashboard ({@code demostream.insights.*}).
 *
 * @param refreshInterval how often the dashboard refreshes, and how long a BigQuery answer is
 *     cached and shared by every viewer; default ranges are aligned to it so that viewers ask the
 *     same question
 * @param maxRange the longest {@code from}..{@code to} range a request may ask for, which bounds
 *     what one query scans
 */
@Validated
@ConfigurationProperties("demostream.insights")
public record InsightsProperties(
    @NotNull @DefaultValue("5s") Duration refreshInterval,
    @NotNull @DefaultValue("31d") Duration maxRange) {

  public InsightsProperties {
    if (refreshInterval != null && (refreshInterval.isNegative() || refreshInterval.isZero())) {
      throw new IllegalArgumentException("demostream.insights.refresh-interval must be positive");
    }
    if (maxRange != null && (maxRange.isNegative() || maxRange.isZero())) {
      throw new IllegalArgumentException("demostream.insights.max-range must be positive");
    }
  }
}
