package io.demostream.events.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTrafficTests {

  private static final Duration PERIOD = Duration.ofMinutes(10);

  @Test
  void dailyCycleIsLowAtMidnightAndHighAtNoon() {
    ScenarioTraffic daily = new ScenarioTraffic(Scenarios.named("daily"));

    assertThat(daily.rate(Duration.ZERO)).isCloseTo(0.4, within(1e-9));
    assertThat(daily.rate(Duration.ofMinutes(5))).isCloseTo(1.6, within(1e-9));
    assertThat(daily.rate(Duration.ofMinutes(15))).isCloseTo(1.6, within(1e-9));
  }

  @Test
  void weekendsAreLowerAndTheTrendGrows() {
    ScenarioTraffic weekly = new ScenarioTraffic(Scenarios.named("weekly"));
    Duration noonDay1 = Duration.ofMinutes(5);
    Duration noonDay6 = Duration.ofMinutes(55);
    Duration noonDay8 = Duration.ofMinutes(75);
    // 2% a day, counted from the start: noon of day 1 is at 1.01.

    assertThat(weekly.rate(noonDay6) / weekly.rate(noonDay1))
        .isCloseTo(0.6 * 1.11 / 1.01, within(1e-9));
    assertThat(weekly.rate(noonDay8) / weekly.rate(noonDay1)).isCloseTo(1.15 / 1.01, within(1e-9));
  }

  @Test
  void spikeAndDropMultiplyTheRateOnlyWhileActive() {
    Scenario scenario =
        Scenarios.named("flat")
            .with(
                null,
                PERIOD,
                List.of(
                    ScenarioEvent.spike(Duration.ofMinutes(1), Duration.ofSeconds(30), 4),
                    ScenarioEvent.drop(Duration.ofMinutes(3), Duration.ofSeconds(30), 0.25)));
    ScenarioTraffic traffic = new ScenarioTraffic(scenario);

    assertThat(traffic.rate(Duration.ofSeconds(59))).isEqualTo(1);
    assertThat(traffic.rate(Duration.ofSeconds(60))).isEqualTo(4);
    assertThat(traffic.rate(Duration.ofSeconds(90))).isEqualTo(1);
    assertThat(traffic.rate(Duration.ofSeconds(185))).isEqualTo(0.25);
  }

  @Test
  void silenceOfOneCountryRemovesItAndItsShareOfTheRate() {
    Scenario scenario =
        Scenarios.named("flat")
            .with(null, PERIOD, List.of(ScenarioEvent.silence(Duration.ZERO, PERIOD, "fr")));
    ScenarioTraffic traffic = new ScenarioTraffic(scenario);
    SyntheticUserGenerator generator = new SyntheticUserGenerator(3);

    assertThat(traffic.rate(Duration.ofMinutes(1)))
        .isCloseTo(20.0 / Nationality.values().length, within(1e-9));
    UserMix mix = traffic.mix(Duration.ofMinutes(1));
    for (int i = 0; i < 2000; i++) {
      assertThat(generator.nextUser(mix).path("nat").asText()).isNotEqualTo("FR");
    }
  }

  @Test
  void silenceOfEveryCountryStopsTraffic() {
    Scenario scenario =
        Scenarios.named("daily")
            .with(null, PERIOD, List.of(ScenarioEvent.silence(Duration.ZERO, PERIOD, null)));
    ScenarioTraffic traffic = new ScenarioTraffic(scenario);

    assertThat(traffic.rate(Duration.ofMinutes(5))).isZero();
    assertThat(traffic.mix(Duration.ofMinutes(5)).anyone()).isFalse();
  }

  @Test
  void skewMovesTheGenderSplit() {
    Scenario scenario =
        Scenarios.named("flat")
            .with(null, PERIOD, List.of(ScenarioEvent.skew(Duration.ZERO, PERIOD, 0.9)));
    UserMix mix = new ScenarioTraffic(scenario).mix(Duration.ofMinutes(1));
    SyntheticUserGenerator generator = new SyntheticUserGenerator(3);

    long women = 0;
    for (int i = 0; i < 5000; i++) {
      ObjectNode user = generator.nextUser(mix);
      women += "female".equals(user.path("gender").asText()) ? 1 : 0;
    }
    assertThat(women / 5000.0).isCloseTo(0.9, within(0.02));
  }

  @Test
  void theCountryMixFollowsTheSun() {
    ScenarioTraffic daily = new ScenarioTraffic(Scenarios.named("daily"));
    SyntheticUserGenerator generator = new SyntheticUserGenerator(8);

    assertThat(share(generator, daily.mix(Duration.ofMinutes(2)), "AU"))
        .isGreaterThan(share(generator, daily.mix(Duration.ofMinutes(8)), "AU") * 3);
    assertThat(share(generator, daily.mix(Duration.ofMinutes(8)), "US"))
        .isGreaterThan(share(generator, daily.mix(Duration.ofMinutes(2)), "US") * 3);
  }

  @Test
  void namedScenariosCarryTheirDocumentedDefaultEvents() {
    assertThat(Scenarios.names()).containsExactly("daily", "flat", "incidents", "weekly");
    assertThat(Scenarios.named("incidents").events())
        .extracting(ScenarioEvent::kind)
        .containsExactly(
            ScenarioEvent.Kind.SPIKE,
            ScenarioEvent.Kind.DROP,
            ScenarioEvent.Kind.SILENCE,
            ScenarioEvent.Kind.SKEW);
    assertThat(Scenarios.named("DAILY").events()).isEmpty();
  }

  private static double share(SyntheticUserGenerator generator, UserMix mix, String nat) {
    int hits = 0;
    for (int i = 0; i < 4000; i++) {
      hits += nat.equals(generator.nextUser(mix).path("nat").asText()) ? 1 : 0;
    }
    return hits / 4000.0;
  }
}
