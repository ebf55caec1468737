package io.demostream.control.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WarehouseBacklogTests {

  private static final Instant NOW = Instant.parse("2026-03-01T10:05:00Z");
  private static final WindowTiling FIXED =
      new WindowTiling(Duration.ofMinutes(1), Duration.ofMinutes(1));

  private static SubscriptionBacklog.Query published(long published) {
    return new SubscriptionBacklog.Query(
        "run-1", FIXED, published, NOW.minusSeconds(10), NOW.minusSeconds(600));
  }

  @Test
  void backlogIsWhatThePipelineHasNotAccountedForYet() {
    WarehouseBacklog backlog =
        new WarehouseBacklog(
            (id, tiling, started) -> new IncarnationCounts(id.equals("run-1") ? 90L : 0L, 4, "x"),
            Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(backlog.read(published(100))).contains(new SubscriptionBacklog.Reading(6, NOW));
    // Leftovers of an earlier run counted on top never make a negative backlog.
    assertThat(backlog.read(published(80))).contains(new SubscriptionBacklog.Reading(0, NOW));
  }

  @Test
  void windowsThatCannotBeCountedGiveNoReading() {
    WarehouseBacklog backlog =
        new WarehouseBacklog(
            (id, tiling, started) -> new IncarnationCounts(null, 0, "not counted"),
            Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(backlog.read(published(100))).isEmpty();
  }
}
