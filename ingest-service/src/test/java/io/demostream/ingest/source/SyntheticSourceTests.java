package io.demostream.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.ApiResponse;
import io.demostream.events.EventSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
}
