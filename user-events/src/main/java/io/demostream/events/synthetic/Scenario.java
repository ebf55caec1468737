package io.demostream.events.synthetic;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The shape of a synthetic source's traffic over time: a base rate shaped by a daily cycle, a
 * weekday/weekend pattern and a trend, a country mix that follows the sun, and injected {@link
 * ScenarioEvent events}. {@link Scenarios} holds the named ones; {@link ScenarioTraffic} computes
 * rate and mix at an offset. Nothing in it is random: with the generator's seed a run is
 * reproducible.
 *
 * @param name the named scenario it is based on
 * @param seed the generator seed; null leaves it to the source's configuration
 * @param period the length of one simulated day (e.g. {@code PT10M} compresses a day into ten
 *     minutes); a simulated week is seven of them
 * @param dailyAmplitude how far the daily cycle swings around the mean, 0 (flat) to 1: the rate
 *     goes from {@code 1 - a} at midnight to {@code 1 + a} at noon
 * @param weekendFactor the rate of days 6 and 7 of each simulated week relative to weekdays
 * @param trend the rate's growth per simulated day (0.05 is 5% more each day); never below 0 in
 *     total
 * @param countryShift true when the country mix follows the sun (Asia-Pacific in the simulated
 *     morning, Europe at noon, the Americas in the evening); false keeps the mix even
 * @param events the injected events, in the order given
 */
public record Scenario(
    String name,
    Long seed,
    Duration period,
    double dailyAmplitude,
    double weekendFactor,
    double trend,
    boolean countryShift,
    List<ScenarioEvent> events) {

  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive");
    }
    if (dailyAmplitude < 0 || dailyAmplitude > 1) {
      throw new IllegalArgumentException("dailyAmplitude must be 0 to 1");
    }
    if (weekendFactor < 0) {
      throw new IllegalArgumentException("weekendFactor must be >= 0");
    }
    events = List.copyOf(events);
  }

  /** This scenario with another seed, period and events (null keeps each as it is). */
  public Scenario with(Long seed, Duration period, List<ScenarioEvent> events) {
    return new Scenario(
        name,
        seed != null ? seed : this.seed,
        period != null ? period : this.period,
        dailyAmplitude,
        weekendFactor,
        trend,
        countryShift,
        events != null ? events : this.events);
  }
}
