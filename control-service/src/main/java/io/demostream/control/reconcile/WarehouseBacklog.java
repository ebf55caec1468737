package io.demostream.control.reconcile;

import java.time.Clock;
import java.util.Optional;

/**
 * The backlog where Pub/Sub has no metrics (the emulator): the messages the run published that its
 * pipeline incarnation has not yet accounted for in the warehouse, counted or dead-lettered. The
 * warehouse lags the pipeline by at most an early-firing interval plus a write, so this reaches 0
 * shortly after the pipeline consumed the last message; it cannot see messages left over from an
 * earlier run, which the pipeline counts on top (the summary then shows more counted than
 * published). Windows that cannot be counted exactly (see {@link WindowTiling}) give no reading.
 */
final class WarehouseBacklog implements SubscriptionBacklog {

  private final WarehouseCounts counts;
  private final Clock clock;

  WarehouseBacklog(WarehouseCounts counts, Clock clock) {
    this.counts = counts;
    this.clock = clock;
  }

  @Override
  public Optional<Reading> read(Query query) {
    Long accounted =
        counts.count(query.incarnationId(), query.tiling(), query.runStarted()).accountedFor();
    if (accounted == null) {
      return Optional.empty();
    }
    return Optional.of(new Reading(Math.max(0, query.published() - accounted), clock.instant()));
  }

  @Override
  public String source() {
    return "published minus counted and dead-lettered in the warehouse (the emulator has no"
        + " backlog metric)";
  }
}
