package io.demostream.events.synthetic;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The named scenarios, each with its documented default events (a request's own {@code events}
 * replace them, an empty list removes them). Periods default to {@code PT10M}: a simulated day in
 * ten minutes.
 *
 * <ul>
 *   <li>{@code flat}: today's behaviour, a constant rate and an even mix; no events.
 *   <li>{@code daily}: a daily cycle (0.4x at midnight to 1.6x at noon) with the country mix
 *       following the sun; no events. The event-free baseline of the forecast measurements.
 *   <li>{@code weekly}: {@code daily} plus weekends at 0.6x (days 6 and 7 of each seven-day
 *       simulated week) and a 2% trend per day; no events.
 *   <li>{@code incidents}: {@code daily} with four events: {@code spike} x4 at PT6M for PT40S,
 *       {@code drop} x0.2 at PT13M for PT1M, {@code silence} of FR at PT18M for PT1M, {@code skew}
 *       to 90% women at PT23M for PT1M.
 * </ul>
 */
public final class Scenarios {

  /** The period of the named scenarios when a request gives none. */
  public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(10);

  private static final Map<String, Scenario> NAMED = new TreeMap<>();

  static {
    add(new Scenario("flat", null, DEFAULT_PERIOD, 0, 1, 0, false, List.of()));
    add(new Scenario("daily", null, DEFAULT_PERIOD, 0.6, 1, 0, true, List.of()));
    add(new Scenario("weekly", null, DEFAULT_PERIOD, 0.6, 0.6, 0.02, true, List.of()));
    add(
        new Scenario(
            "incidents",
            null,
            DEFAULT_PERIOD,
            0.6,
            1,
            0,
            true,
            List.of(
                ScenarioEvent.spike(minutes(6), Duration.ofSeconds(40), 4),
                ScenarioEvent.drop(minutes(13), minutes(1), 0.2),
                ScenarioEvent.silence(minutes(18), minutes(1), "FR"),
                ScenarioEvent.skew(minutes(23), minutes(1), 0.9))));
  }

  private Scenarios() {}

  /** The names of every named scenario, sorted. */
  public static Set<String> names() {
    return NAMED.keySet();
  }

  /**
   * The named scenario with its default events.
   *
   * @throws IllegalArgumentException when there is no scenario of that name
   */
  public static Scenario named(String name) {
    Scenario scenario = name == null ? null : NAMED.get(name.toLowerCase(Locale.ROOT));
    if (scenario == null) {
      throw new IllegalArgumentException("must be one of " + String.join(", ", names()));
    }
    return scenario;
  }

  private static void add(Scenario scenario) {
    NAMED.put(scenario.name(), scenario);
  }

  private static Duration minutes(long minutes) {
    return Duration.ofMinutes(minutes);
  }
}
