package io.demostream.control.backfills;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backfills in Prometheus: {@code demostream_backfills_total{outcome}} (accepted, refused,
 * succeeded, failed), {@code demostream_backfills_running} and {@code
 * demostream_backfills_unreconciled_total} (succeeded backfills whose counts do not add up).
 */
class BackfillMetrics {

  private final MeterRegistry registry;
  private final AtomicInteger running = new AtomicInteger();
  private final Counter unreconciled;

  BackfillMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("demostream.backfills.running", running);
    this.unreconciled =
        Counter.builder("demostream.backfills.unreconciled")
            .description("Succeeded backfills whose counts do not reconcile")
            .register(registry);
  }

  void accepted() {
    count("accepted");
  }

  void refused() {
    count("refused");
  }

  void finished(BackfillState state) {
    count(state == BackfillState.SUCCEEDED ? "succeeded" : "failed");
  }

  void unreconciled() {
    unreconciled.increment();
  }

  void running(int count) {
    running.set(count);
  }

  private void count(String outcome) {
    Counter.builder("demostream.backfills")
        .description("Backfills by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
