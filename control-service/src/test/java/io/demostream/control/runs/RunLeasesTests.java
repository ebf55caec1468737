package io.demostream.control.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The lease rules, one statement each, on H2 and PostgreSQL. */
class RunLeasesTests {

  @TempDir Path dir;

  private final Instant now = Instant.parse("2026-12-01T10:00:00Z");
  private final Instant later = now.plus(Duration.ofSeconds(30));

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aLeaseHasOneOwnerUntilItExpires(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.open(kind, dir).migrated()) {
      new RunRepository(db.dataSource())
          .insert("run-1", new RunRequest(1, null, null, null, null, null, null), now);
      RunLeases leases = new RunLeases(db.dataSource());

      assertThat(leases.unclaimedUnfinished(now)).containsExactly("run-1");
      assertThat(leases.claim("run-1", "a", now, later)).isTrue();
      assertThat(leases.claim("run-1", "b", now, later)).isFalse();
      assertThat(leases.claim("run-1", "b", later.minusMillis(1), later)).isFalse();
      assertThat(leases.unclaimedUnfinished(now)).isEmpty();
      assertThat(leases.claim("run-1", "a", now, later.plusSeconds(5))).isTrue();
      assertThat(leases.renew("run-1", "a", later.plusSeconds(10))).isTrue();
      assertThat(leases.renew("run-1", "b", later.plusSeconds(10))).isFalse();

      // a stops renewing: once its lease has expired, b takes the run over and a cannot renew.
      Instant expired = later.plusSeconds(10);
      assertThat(leases.unclaimedUnfinished(expired)).containsExactly("run-1");
      assertThat(leases.claim("run-1", "b", expired, expired.plusSeconds(30))).isTrue();
      assertThat(leases.owner("run-1")).isEqualTo("b");
      assertThat(leases.renew("run-1", "a", expired.plusSeconds(60))).isFalse();

      leases.release("run-1", "a");
      assertThat(leases.owner("run-1")).isEqualTo("b");
      leases.release("run-1", "b");
      assertThat(leases.owner("run-1")).isNull();
      assertThat(leases.claim("run-1", "a", expired, expired.plusSeconds(30))).isTrue();
    }
  }
}
