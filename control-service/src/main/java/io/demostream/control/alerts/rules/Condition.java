package io.demostream.control.alerts.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;

/**
 * When a series is in breach, chosen by {@code type}. The threshold conditions take an optional
 * {@code recover} value: a firing alert resolves only once the value is past it (hysteresis), so a
 * value wandering around the threshold does not flap.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Condition.Below.class, name = "below"),
  @JsonSubTypes.Type(value = Condition.Above.class, name = "above"),
  @JsonSubTypes.Type(value = Condition.Outside.class, name = "outside"),
  @JsonSubTypes.Type(value = Condition.Deviation.class, name = "deviation"),
  @JsonSubTypes.Type(value = Condition.Absent.class, name = "absent"),
  @JsonSubTypes.Type(value = Condition.Anomaly.class, name = "anomaly")
})
public sealed interface Condition {

  /** In breach below {@code threshold}; a firing alert resolves at {@code recover} or above. */
  record Below(Double threshold, Double recover) implements Condition {}

  /** In breach above {@code threshold}; a firing alert resolves at {@code recover} or below. */
  record Above(Double threshold, Double recover) implements Condition {}

  /** In breach below {@code low} or above {@code high}. */
  record Outside(Double low, Double high) implements Condition {}

  /**
   * In breach when the value's robust z-score against the {@code baselineWindows} judged windows
   * before it (median and MAD) exceeds {@code z} in either direction.
   */
  record Deviation(Integer baselineWindows, Double z) implements Condition {}

  /** No pane at all (for the series, or for anything) for {@code for}, while a run is active. */
  record Absent(@JsonProperty("for") Duration forDuration) implements Condition {}

  /**
   * In breach when the forecast engine would flag the window as an anomaly at {@code threshold}
   * (default 0.99, as {@code GET /api/v1/insights/anomalies}): its value outside the forecast's
   * interval at that probability. {@code users} rules only.
   */
  record Anomaly(Double threshold) implements Condition {

    public static final double DEFAULT_THRESHOLD = 0.99;

    public Anomaly {
      threshold = threshold == null ? DEFAULT_THRESHOLD : threshold;
    }
  }
}
