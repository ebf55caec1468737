package io.demostream.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.ApiResponse;
import io.demostream.events.EventSource;
import io.demostream.events.synthetic.Scenario;
import io.demostream.events.synthetic.ScenarioEvent;
import io.demostream.events.synthetic.Scenarios;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticSourceTests {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void batchesHoldATwentiethOfTheRateOfValidatedUsers() throws InterruptedException {
    SyntheticSource source = new SyntheticSource(11, 2000, CLOCK);

    SourceBatch batch = source.next();

    assertThat(source.kind()).isEqualTo(EventSource.SYNTHETIC);
    assertThat(batch.users()).hasSize(100);
    assertThat(batch.invalidRecords()).isZero();
    assertThat(batch.requests()).isZero();
    assertThat(batch.observedAt()).isEqualTo(CLOCK.instant());
    assertThat(batch.users())
        .allSatisfy(
            user ->
                assertThat(user.fields().loginUuid())
                    .isEqualTo(user.record().path("login").path("uuid").asText()));
  }

  @Test
  void lowRatesStillProduceOneUserBatchesAndHighRatesCapTheBatch() throws InterruptedException {
    assertThat(new SyntheticSource(1, 1, CLOCK).next().users()).hasSize(1);
    assertThat(new SyntheticSource(1, 1_000_000, CLOCK).next().users())
        .hasSize(SyntheticSource.MAX_BATCH);
  }

  @Test
  void theSameSeedGivesTheSameUsers() throws InterruptedException {
    var first = new SyntheticSource(5, 200, CLOCK).next().users();
    var second = new SyntheticSource(5, 200, CLOCK).next().users();

    assertThat(first.stream().map(ApiResponse.ValidUser::record).toList())
        .isEqualTo(second.stream().map(ApiResponse.ValidUser::record).toList());
  }

  @Test
  void aScenarioWithTheSameSeedGivesTheSameUsersInTheSameOrderAtTheSameTimes()
      throws InterruptedException {
    Scenario incidents = Scenarios.named("incidents").with(42L, Duration.ofMinutes(2), null);

    List<String> first = run(incidents);
    List<String> second = run(incidents);

    assertThat(first).hasSizeGreaterThan(1000).isEqualTo(second);
    assertThat(run(incidents.with(43L, null, null))).isNotEqualTo(first);
  }

  @Test
  void batchSizesFollowTheScenarioRateAndSilenceSendsNothing() throws InterruptedException {
    Scenario scenario =
        Scenarios.named("flat")
            .with(
                1L,
                Duration.ofMinutes(10),
                List.of(
                    ScenarioEvent.spike(Duration.ofSeconds(10), Duration.ofSeconds(10), 4),
                    ScenarioEvent.silence(Duration.ofSeconds(30), Duration.ofSeconds(10), null)));
    SteppingClock clock = new SteppingClock(Instant.parse("2026-02-01T00:00:00Z"));
    SyntheticSource source = new SyntheticSource(scenario, 1, 200, clock, clock::advance);

    assertThat(source.next().users()).hasSize(10);
    clock.now = clock.now.plusSeconds(15);
    assertThat(source.next().users()).hasSize(40);
    clock.now = clock.now.plusSeconds(20);
    assertThat(source.next().users()).isEmpty();
    assertThat(source.scenario().events())
        .extracting(ScenarioStatus.InjectedEvent::start)
        .containsExactly(
            Instant.parse("2026-02-01T00:00:10Z"), Instant.parse("2026-02-01T00:00:30Z"));
  }

  /** Every user's id and event time over three simulated minutes, a batch per 50 ms. */
  private static List<String> run(Scenario scenario) throws InterruptedException {
    SteppingClock clock = new SteppingClock(Instant.parse("2026-02-01T00:00:00Z"));
    SyntheticSource source =
        new SyntheticSource(scenario, scenario.seed(), 20, clock, clock::advance);
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 3 * 60 * 20; i++) {
      SourceBatch batch = source.next();
      for (ApiResponse.ValidUser user : batch.users()) {
        users.add(
            batch.observedAt()
                + " "
                + user.fields().loginUuid()
                + " "
                + user.record().path("nat").asText());
      }
    }
    return users;
  }

  /** A fake clock the pacer moves by 50 ms a batch. */
  private static final class SteppingClock extends Clock {
    Instant now;

    SteppingClock(Instant start) {
      this.now = start;
    }

    void advance() {
      now = now.plusMillis(50);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
