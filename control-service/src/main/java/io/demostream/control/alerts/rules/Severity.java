package io.demostream.control.alerts.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How urgent a rule's alert is; the JSON names are part of the API. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Severity of(String json) {
    return Arrays.stream(values())
        .filter(severity -> severity.json().equals(json))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown severity " + json));
  }
}
