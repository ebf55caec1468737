package io.demostream.events.synthetic;

import java.time.Duration;
import java.util.Arrays;

/**
 * The rate and the user mix of a {@link Scenario} at an offset from the start of ingestion. Pure
 * arithmetic, no randomness: the same offset always gives the same answer.
 */
public final class ScenarioTraffic {

  private static final double TAU = 2 * Math.PI;
  private static final int DAYS_PER_WEEK = 7;
  private static final int WEEKDAYS = 5;
  // Share of the sun-following swing in each country's weight, and each region's peak phase.
  private static final double COUNTRY_SWING = 0.8;
  private static final double APAC_PEAK = 0.2;
  private static final double EMEA_PEAK = 0.5;
  private static final double AMERICAS_PEAK = 0.8;

  private final Scenario scenario;
  private final Nationality[] nationalities = Nationality.values();
  private final double periodNanos;

  public ScenarioTraffic(Scenario scenario) {
    this.scenario = scenario;
    this.periodNanos = scenario.period().toNanos();
  }

  public Scenario scenario() {
    return scenario;
  }

  /**
   * The rate at {@code offset} relative to the configured base rate: the cycle, weekend, trend,
   * spikes and drops, less the share of silenced countries.
   */
  public double rate(Duration offset) {
    double days = offset.toNanos() / periodNanos;
    double phase = days - Math.floor(days);
    double rate = 1 - scenario.dailyAmplitude() * Math.cos(TAU * phase);
    if (Math.floorMod((long) Math.floor(days), DAYS_PER_WEEK) >= WEEKDAYS) {
      rate *= scenario.weekendFactor();
    }
    rate *= Math.max(0, 1 + scenario.trend() * days);
    for (ScenarioEvent event : scenario.events()) {
      if (event.activeAt(offset)
          && (event.kind() == ScenarioEvent.Kind.SPIKE
              || event.kind() == ScenarioEvent.Kind.DROP)) {
        rate *= event.factor();
      }
    }
    double[] weights = rawWeights(phase);
    double total = Arrays.stream(weights).sum();
    double heard = Arrays.stream(silence(weights, offset)).sum();
    return rate * heard / total;
  }

  /** Who the users are at {@code offset}: the gender split and the country weights. */
  public UserMix mix(Duration offset) {
    double days = offset.toNanos() / periodNanos;
    double[] weights = silence(rawWeights(days - Math.floor(days)), offset);
    double femaleShare = 0.5;
    for (ScenarioEvent event : scenario.events()) {
      if (event.activeAt(offset) && event.kind() == ScenarioEvent.Kind.SKEW) {
        femaleShare = event.femaleShare();
      }
    }
    return new UserMix(femaleShare, weights);
  }

  private double[] rawWeights(double phase) {
    double[] weights = new double[nationalities.length];
    for (int i = 0; i < weights.length; i++) {
      weights[i] =
          scenario.countryShift()
              ? 1 + COUNTRY_SWING * Math.cos(TAU * (phase - peak(nationalities[i])))
              : 1;
    }
    return weights;
  }

  private double[] silence(double[] weights, Duration offset) {
    double[] heard = weights.clone();
    for (ScenarioEvent event : scenario.events()) {
      if (event.activeAt(offset) && event.kind() == ScenarioEvent.Kind.SILENCE) {
        for (int i = 0; i < heard.length; i++) {
          if (event.country() == null || event.country().equals(nationalities[i].name())) {
            heard[i] = 0;
          }
        }
      }
    }
    return heard;
  }

  private static double peak(Nationality nationality) {
    return switch (nationality) {
      case AU, NZ, IN -> APAC_PEAK;
      case BR, CA, MX, US -> AMERICAS_PEAK;
      default -> EMEA_PEAK;
    };
  }

  /** True when {@code code} is a nationality the generator produces (e.g. {@code FR}). */
  public static boolean knowsCountry(String code) {
    for (Nationality nationality : Nationality.values()) {
      if (nationality.name().equalsIgnoreCase(code)) {
        return true;
      }
    }
    return false;
  }
}
