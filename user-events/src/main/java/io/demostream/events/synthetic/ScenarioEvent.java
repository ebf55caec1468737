package io.demostream.events.synthetic;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One event injected into a {@link Scenario}: from {@code at} (counted from the start of ingestion)
 * for {@code duration}.
 *
 * @param kind what happens
 * @param at when it starts, from the start of ingestion
 * @param duration how long it lasts
 * @param factor the rate multiplier of a {@code spike} (above 1) or a {@code drop} (0 to 1); 1 for
 *     the other kinds
 * @param country the two-letter nationality code a {@code silence} silences; null silences all
 * @param femaleShare the share of women during a {@code skew}, 0 to 1; null for the other kinds
 */
public record ScenarioEvent(
    Kind kind, Duration at, Duration duration, double factor, String country, Double femaleShare) {

  /** The kinds of injected events. */
  public enum Kind {
    /** The whole rate multiplied by {@code factor} (above 1). */
    SPIKE,
    /** The whole rate multiplied by {@code factor} (0 to 1). */
    DROP,
    /** One country, or every country, sends nothing. */
    SILENCE,
    /** The gender split moves to {@code femaleShare}. */
    SKEW;

    /** The lower-case name used on the wire. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of a wire name, any case; null if there is none. */
    public static Kind fromWireName(String name) {
      for (Kind kind : values()) {
        if (kind.name().equalsIgnoreCase(name)) {
          return kind;
        }
      }
      return null;
    }
  }

  public ScenarioEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(duration, "duration");
    if (at.isNegative() || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("at must be >= 0 and duration > 0");
    }
    if (kind == Kind.SPIKE && !(factor > 1)) {
      throw new IllegalArgumentException("a spike's factor must be above 1");
    }
    if (kind == Kind.DROP && !(factor >= 0 && factor < 1)) {
      throw new IllegalArgumentException("a drop's factor must be at least 0 and below 1");
    }
    if (kind == Kind.SKEW && (femaleShare == null || femaleShare < 0 || femaleShare > 1)) {
      throw new IllegalArgumentException("a skew's femaleShare must be 0 to 1");
    }
    if (country != null) {
      country = country.toUpperCase(Locale.ROOT);
    }
  }

  /** A spike multiplying the rate by {@code factor}. */
  public static ScenarioEvent spike(Duration at, Duration duration, double factor) {
    return new ScenarioEvent(Kind.SPIKE, at, duration, factor, null, null);
  }

  /** A drop multiplying the rate by {@code factor}. */
  public static ScenarioEvent drop(Duration at, Duration duration, double factor) {
    return new ScenarioEvent(Kind.DROP, at, duration, factor, null, null);
  }

  /** {@code country} (null: every country) silent. */
  public static ScenarioEvent silence(Duration at, Duration duration, String country) {
    return new ScenarioEvent(Kind.SILENCE, at, duration, 1, country, null);
  }

  /** The gender split moved to {@code femaleShare}. */
  public static ScenarioEvent skew(Duration at, Duration duration, double femaleShare) {
    return new ScenarioEvent(Kind.SKEW, at, duration, 1, null, femaleShare);
  }

  /** The end of the event, from the start of ingestion. */
  public Duration end() {
    return at.plus(duration);
  }

  /** True while the event is on at {@code offset} from the start of ingestion. */
  public boolean activeAt(Duration offset) {
    return offset.compareTo(at) >= 0 && offset.compareTo(end()) < 0;
  }
}
