package io.demostream.ingest.source;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.demostream.events.synthetic.Scenario;
import io.demostream.events.synthetic.ScenarioEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A scenario run's ground truth for the status: the scenario, the seed it really used and every
 * injected event with its absolute start and end.
 *
 * @param name the named scenario
 * @param seed the generator seed in use (starting again with it reproduces the run)
 * @param period one simulated day
 * @param events the injected events, in the order given
 */
public record ScenarioStatus(String name, long seed, Duration period, List<InjectedEvent> events) {

  /**
   * One injected event.
   *
   * @param kind {@code spike}, {@code drop}, {@code silence} or {@code skew}
   * @param at its offset from the start of ingestion
   * @param duration how long it lasts
   * @param start when it starts
   * @param end when it ends (exclusive)
   * @param factor a spike's or drop's rate multiplier; absent for the other kinds
   * @param country the silenced country; absent when every country is silenced, and for the other
   *     kinds
   * @param femaleShare a skew's share of women; absent for the other kinds
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InjectedEvent(
      String kind,
      Duration at,
      Duration duration,
      Instant start,
      Instant end,
      Double factor,
      String country,
      Double femaleShare) {}

  /** The status of {@code scenario} started at {@code startedAt} with {@code seed}. */
  public static ScenarioStatus of(Scenario scenario, long seed, Instant startedAt) {
    return new ScenarioStatus(
        scenario.name(),
        seed,
        scenario.period(),
        scenario.events().stream().map(event -> injected(event, startedAt)).toList());
  }

  private static InjectedEvent injected(ScenarioEvent event, Instant startedAt) {
    boolean rate =
        event.kind() == ScenarioEvent.Kind.SPIKE || event.kind() == ScenarioEvent.Kind.DROP;
    return new InjectedEvent(
        event.kind().wireName(),
        event.at(),
        event.duration(),
        startedAt.plus(event.at()),
        startedAt.plus(event.end()),
        rate ? event.factor() : null,
        event.country(),
        event.femaleShare());
  }
}
