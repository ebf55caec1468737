package io.demostream.control.alerts.engine;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a series of a rule stands, and (with {@link #REVISED}) what a transition says. {@code
 * NORMAL}: never in breach, or back to normal before firing. {@code PENDING}: in breach for fewer
 * windows than {@code forWindows}. {@code FIRING}. {@code RESOLVED}: was firing, no longer in
 * breach.
 */
public enum AlertStatus {
  NORMAL,
  PENDING,
  FIRING,
  RESOLVED,
  /** A transition only: a late pane changed the verdict of a window already judged. */
  REVISED;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a transition to this status is sent to the rule's channels. */
  public boolean notifies() {
    return this == FIRING || this == RESOLVED || this == REVISED;
  }
}
