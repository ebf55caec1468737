package io.demostream.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.demostream.events.synthetic.Scenario;
import io.demostream.events.synthetic.ScenarioEvent;
import io.demostream.events.synthetic.ScenarioTraffic;
import io.demostream.events.synthetic.Scenarios;
import io.demostream.support.problem.InvalidRequestException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code scenario} of a synthetic start request, e.g. {@code
 * {"name":"daily","seed":42,"period":"PT10M","events":[{"kind":"spike","at":"PT6M","duration":"PT40S","factor":4}]}}.
 * {@code name} picks one of {@link Scenarios} (required); {@code events} absent keeps the named
 * scenario's default events, present (even empty) replaces them. Durations are ISO-8601.
 *
 * @param name {@code flat}, {@code daily}, {@code weekly} or {@code incidents}
 * @param seed generator seed; absent takes the configured one, else a random one (shown in the
 *     status)
 * @param period one simulated day, 1 second to 7 days; absent: {@code PT10M}
 * @param events injected events, at most 100
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ScenarioRequest(
    String name, Long seed, String period, @Valid @Size(max = 100) List<EventRequest> events) {

  private static final Duration MAX_PERIOD = Duration.ofDays(7);
  private static final Duration MAX_OFFSET = Duration.ofDays(366);
  private static final double DEFAULT_SPIKE = 4;
  private static final double DEFAULT_DROP = 0.2;
  private static final double MAX_SPIKE = 100;

  /**
   * One injected event.
   *
   * @param kind {@code spike}, {@code drop}, {@code silence} or {@code skew}
   * @param at offset from the start of ingestion (ISO-8601, e.g. {@code PT6M})
   * @param duration how long (ISO-8601, e.g. {@code PT40S})
   * @param factor spike (above 1, at most 100; default 4) or drop (0 to below 1; default 0.2)
   * @param country silence only: a two-letter nationality code; absent silences every country
   * @param femaleShare skew only, required: 0 to 1
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record EventRequest(
      String kind, String at, String duration, Double factor, String country, Double femaleShare) {}

  /**
   * The scenario, named defaults applied.
   *
   * @throws InvalidRequestException naming the field at fault, e.g. {@code
   *     scenario.events[1].factor}
   */
  Scenario toScenario() {
    if (name == null || name.isBlank()) {
      throw InvalidRequestException.of(
          "scenario.name", "is required, one of " + String.join(", ", Scenarios.names()));
    }
    Scenario named;
    try {
      named = Scenarios.named(name);
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.of("scenario.name", e.getMessage());
    }
    Duration resolvedPeriod = null;
    if (period != null) {
      resolvedPeriod = duration("scenario.period", period);
      if (resolvedPeriod.compareTo(Duration.ofSeconds(1)) < 0
          || resolvedPeriod.compareTo(MAX_PERIOD) > 0) {
        throw InvalidRequestException.of("scenario.period", "must be PT1S to P7D");
      }
    }
    List<ScenarioEvent> resolvedEvents = null;
    if (events != null) {
      resolvedEvents = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        resolvedEvents.add(event("scenario.events[" + i + "]", events.get(i)));
      }
    }
    return named.with(seed, resolvedPeriod, resolvedEvents);
  }

  /** The request a scenario answers to, every default filled in (a dry run's answer). */
  static ScenarioRequest of(Scenario scenario) {
    return new ScenarioRequest(
        scenario.name(),
        scenario.seed(),
        scenario.period().toString(),
        scenario.events().stream()
            .map(
                e ->
                    new EventRequest(
                        e.kind().wireName(),
                        e.at().toString(),
                        e.duration().toString(),
                        e.kind() == ScenarioEvent.Kind.SPIKE || e.kind() == ScenarioEvent.Kind.DROP
                            ? e.factor()
                            : null,
                        e.country(),
                        e.femaleShare()))
            .toList());
  }

  private static ScenarioEvent event(String field, EventRequest event) {
    if (event == null) {
      throw InvalidRequestException.of(field, "must be an object");
    }
    ScenarioEvent.Kind kind = ScenarioEvent.Kind.fromWireName(event.kind());
    if (kind == null) {
      throw InvalidRequestException.of(field + ".kind", "must be spike, drop, silence or skew");
    }
    if (event.at() == null) {
      throw InvalidRequestException.of(field + ".at", "is required");
    }
    Duration at = duration(field + ".at", event.at());
    if (at.isNegative() || at.compareTo(MAX_OFFSET) > 0) {
      throw InvalidRequestException.of(field + ".at", "must be PT0S to P366D");
    }
    if (event.duration() == null) {
      throw InvalidRequestException.of(field + ".duration", "is required");
    }
    Duration length = duration(field + ".duration", event.duration());
    if (length.isNegative() || length.isZero() || length.compareTo(MAX_OFFSET) > 0) {
      throw InvalidRequestException.of(field + ".duration", "must be above PT0S, at most P366D");
    }
    if (kind != ScenarioEvent.Kind.SILENCE && event.country() != null) {
      throw InvalidRequestException.of(
          field + ".country", "does not apply to kind " + kind.wireName());
    }
    if (kind != ScenarioEvent.Kind.SKEW && event.femaleShare() != null) {
      throw InvalidRequestException.of(
          field + ".femaleShare", "does not apply to kind " + kind.wireName());
    }
    return switch (kind) {
      case SPIKE -> {
        double factor = event.factor() == null ? DEFAULT_SPIKE : event.factor();
        if (!(factor > 1 && factor <= MAX_SPIKE)) {
          throw InvalidRequestException.of(
              field + ".factor", "must be above 1 and at most 100 for a spike");
        }
        yield ScenarioEvent.spike(at, length, factor);
      }
      case DROP -> {
        double factor = event.factor() == null ? DEFAULT_DROP : event.factor();
        if (!(factor >= 0 && factor < 1)) {
          throw InvalidRequestException.of(
              field + ".factor", "must be at least 0 and below 1 for a drop");
        }
        yield ScenarioEvent.drop(at, length, factor);
      }
      case SILENCE -> {
        rejectFactor(field, event, kind);
        if (event.country() != null && !ScenarioTraffic.knowsCountry(event.country())) {
          throw InvalidRequestException.of(
              field + ".country", "must be a nationality the generator knows, e.g. FR");
        }
        yield ScenarioEvent.silence(at, length, event.country());
      }
      case SKEW -> {
        rejectFactor(field, event, kind);
        Double share = event.femaleShare();
        if (share == null || !(share >= 0 && share <= 1)) {
          throw InvalidRequestException.of(
              field + ".femaleShare", "is required for a skew, 0 to 1");
        }
        yield ScenarioEvent.skew(at, length, share);
      }
    };
  }

  private static void rejectFactor(String field, EventRequest event, ScenarioEvent.Kind kind) {
    if (event.factor() != null) {
      throw InvalidRequestException.of(
          field + ".factor", "does not apply to kind " + kind.wireName());
    }
  }

  private static Duration duration(String field, String value) {
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw InvalidRequestException.of(field, "must be an ISO-8601 duration such as PT6M");
    }
  }
}
