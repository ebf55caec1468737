package io.demostream.control.alerts.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What a rule measures in each window; the JSON names are part of the API. */
public enum Metric {
  /** Users in the window (of the filter's country, gender or age band). */
  USERS,
  FEMALE_SHARE,
  MALE_SHARE,
  AVG_AGE,
  AVG_REGISTERED_AGE,
  /** Users of the filter's age band over all users of the window. */
  AGE_BAND_SHARE;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Metric of(String json) {
    return Arrays.stream(values())
        .filter(metric -> metric.json().equals(json))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown metric " + json));
  }

  /** Whether a window with fewer than the rule's {@code minUsers} is left unjudged. */
  public boolean isRatio() {
    return this != USERS;
  }
}
