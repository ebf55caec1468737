package io.demostream.control.emulator;

import io.demostream.control.ingest.IngestionStatus;
import io.demostream.control.runs.RunView;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the emulator's memory estimate and recreates the subscription between runs. Every check
 * interval ({@link #check()}, on its own thread): reads ingest-service's published count into the
 * {@link PublishedTally}; when the latest run ended reconciled after the last recycle and nothing
 * is in flight (no active job, no unfinished run, ingestion not running), recreates the
 * subscription through the {@link SubscriptionRecycler}; logs a warning once each time the estimate
 * crosses the configured share of the emulator's heap.
 *
 * <p>A run that ended unreconciled (stopped, failed, or with messages not yet counted) leaves the
 * subscription as it is: what it still holds may be a message nobody counted, and deleting it would
 * lose it. The estimate then keeps growing and the warning says what to do.
 */
class EmulatorWatch {

  private static final Logger log = LoggerFactory.getLogger(EmulatorWatch.class);

  /** What the watch reads of the rest of the service, one supplier per fact. */
  record Sources(
      Supplier<IngestionStatus> ingestion,
      Supplier<Optional<String>> activeJob,
      Supplier<List<RunView>> runs) {}

  private final Sources sources;
  private final SubscriptionRecycler recycler;
  private final EmulatorProperties properties;
  private final Clock clock;
  private final PublishedTally tally = new PublishedTally();
  private final Instant startedAt;
  private int recycles;
  private Instant lastRecycleAt;
  private boolean warned;
  private volatile EmulatorMemoryEstimate current;

  EmulatorWatch(
      Sources sources, SubscriptionRecycler recycler, EmulatorProperties properties, Clock clock) {
    this.sources = sources;
    this.recycler = recycler;
    this.properties = properties;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.current = EmulatorMemoryEstimate.of(0, properties, 0, null);
  }

  /** The latest estimate; a GET reads it, never changing anything. */
  EmulatorMemoryEstimate current() {
    return current;
  }

  synchronized void check() {
    IngestionStatus ingestion = null;
    try {
      ingestion = sources.ingestion().get();
      Long published = ingestion == null ? null : ingestion.messagesPublished();
      if (published != null) {
        tally.observe(ingestion.startedAt(), published);
      }
    } catch (RuntimeException e) {
      log.debug("ingest-service status unreadable: {}", e.getMessage());
    }
    if (properties.recycle() && tally.total() > 0 && nothingInFlight(ingestion)) {
      try {
        recycler.recycle();
        log.info(
            "Recreated {} after a reconciled run: the emulator no longer holds its {} messages",
            recycler.subscriptionName(),
            tally.total());
        tally.reset();
        recycles++;
        lastRecycleAt = clock.instant();
      } catch (RuntimeException e) {
        log.warn("Could not recreate {}: {}", recycler.subscriptionName(), e.getMessage());
      }
    }
    EmulatorMemoryEstimate estimate =
        EmulatorMemoryEstimate.of(tally.total(), properties, recycles, lastRecycleAt);
    if (estimate.warning() && !warned) {
      log.warn(estimate.message());
    }
    warned = estimate.warning();
    current = estimate;
  }

  /**
   * No job reads the subscription, ingestion publishes nothing, no run is unfinished, and the
   * latest run that ended after the last recycle (or this service's start) ended reconciled.
   */
  private boolean nothingInFlight(IngestionStatus ingestion) {
    if (ingestion == null
        || "RUNNING".equals(ingestion.state())
        || "STOPPING".equals(ingestion.state())) {
      return false;
    }
    if (sources.activeJob().get().isPresent()) {
      return false;
    }
    List<RunView> runs = sources.runs().get();
    if (runs.stream().anyMatch(run -> !run.state().isTerminal())) {
      return false;
    }
    Instant since = lastRecycleAt != null ? lastRecycleAt : startedAt;
    return runs.stream()
        .filter(run -> run.finishedAt() != null && run.finishedAt().isAfter(since))
        .max(Comparator.comparing(RunView::finishedAt))
        .map(run -> run.summary() != null && run.summary().reconciled())
        .orElse(false);
  }
}
