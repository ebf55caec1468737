package io.demostream.ingest.ingestion;

import io.demostream.ingest.publish.UserEventPublisher;
import io.demostream.ingest.source.SourceBatch;
import io.demostream.ingest.source.SourceUnavailableException;
import io.demostream.ingest.source.UserSource;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the loop on its own thread: wait for the source's next batch, count it, publish each
 * valid user (blocking while too many publishes are in flight), until stopped or past its duration;
 * then stop fetching and wait for in-flight publishes. A failed fetch or publish is counted and
 * recorded in {@code lastError}; only an unexpected error ends the run as {@code FAILED}.
 */
final class IngestionRun {

  private static final Logger log = LoggerFactory.getLogger(IngestionRun.class);
  private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final UserSource source;
  private final UserEventPublisher publisher;
  private final IngestionMetrics metrics;
  private final Duration drainTimeout;
  private final Instant startedAt;
  private final Instant deadline;
  private final Clock clock;
  private final Thread thread;
  private final CountDownLatch finished = new CountDownLatch(1);

  private final LongAdder requests = new LongAdder();
  private final LongAdder usersFetched = new LongAdder();
  private final LongAdder messagesPublished = new LongAdder();
  private final LongAdder publishFailures = new LongAdder();
  private final LongAdder invalidRecords = new LongAdder();

  private final AtomicLong lastPublishWarning = new AtomicLong();

  private final AtomicReference<IngestionState> state =
      new AtomicReference<>(IngestionState.RUNNING);
  private volatile boolean stopRequested;
  private volatile String lastError;

  IngestionRun(
      UserSource source,
      UserEventPublisher publisher,
      IngestionMetrics metrics,
      Duration duration,
      Duration drainTimeout,
      Clock clock,
      int number) {
    this.source = source;
    this.publisher = publisher;
    this.metrics = metrics;
    this.drainTimeout = drainTimeout;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.deadline = duration == null ? null : startedAt.plus(duration);
    this.thread = new Thread(this::loop, "ingest-run-" + number);
    // Shutdown is graceful through IngestionService's lifecycle; a stuck run never holds the JVM.
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Stops fetching; in-flight publishes still complete. */
  void requestStop() {
    // Only RUNNING becomes STOPPING here: the loop may have finished meanwhile.
    state.compareAndSet(IngestionState.RUNNING, IngestionState.STOPPING);
    stopRequested = true;
    thread.interrupt();
  }

  /** Waits until the run has drained and left the active states. */
  boolean awaitFinished(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  IngestionState state() {
    return state.get();
  }

  IngestionStatus status(String circuit) {
    return new IngestionStatus(
        state.get(),
        source.kind().wireName(),
        startedAt,
        new IngestionCounts(
            requests.sum(),
            usersFetched.sum(),
            messagesPublished.sum(),
            publishFailures.sum(),
            invalidRecords.sum()),
        circuit,
        lastError,
        source.progress(),
        source.scenario());
  }

  private void loop() {
    try {
      while (!stopRequested && !pastDeadline() && !source.exhausted()) {
        SourceBatch batch;
        try {
          batch = source.next();
        } catch (InterruptedException e) {
          break;
        } catch (SourceUnavailableException e) {
          requests.add(e.requests());
          metrics.sourceFailed(source.kind());
          lastError = e.getMessage();
          if (e.getCause() instanceof CallNotPermittedException) {
            log.debug("{}", e.getMessage());
          } else {
            log.warn("fetch failed, will try again at the next slot: {}", e.getMessage());
          }
          continue;
        }
        accept(batch);
      }
      state.set(IngestionState.STOPPING);
      drain();
      state.set(IngestionState.STOPPED);
    } catch (RuntimeException | Error e) {
      // The status shows a plain message; the log has the stack trace.
      lastError =
          "ingestion failed unexpectedly: "
              + (e.getMessage() == null ? "see the service log" : e.getMessage());
      log.error("ingestion run failed", e);
      try {
        drain();
      } finally {
        state.set(IngestionState.FAILED);
      }
    } finally {
      source.close();
      finished.countDown();
    }
  }

  private void accept(SourceBatch batch) {
    requests.add(batch.requests());
    usersFetched.add(batch.users().size());
    invalidRecords.add(batch.invalidRecords());
    metrics.fetched(source.kind(), batch.users().size(), batch.invalidRecords());
    if (batch.problem() != null) {
      lastError = batch.problem();
      log.warn("{}", batch.problem());
    }
    // Once counted as fetched, every user is published, even if a stop arrives meanwhile.
    for (int i = 0; i < batch.users().size(); i++) {
      publisher.publish(batch.message(i, source.kind()), this::settled);
    }
  }

  private void settled(String messageId, Throwable error) {
    if (error == null) {
      messagesPublished.increment();
      metrics.published(source.kind());
    } else {
      publishFailures.increment();
      metrics.publishFailed(source.kind());
      lastError = "publish failed: " + describe(error);
      long now = System.nanoTime();
      long last = lastPublishWarning.get();
      // One line per interval, not one per message, when Pub/Sub fails every publish.
      if ((last == 0 || now - last >= WARNING_INTERVAL_NANOS)
          && lastPublishWarning.compareAndSet(last, now)) {
        log.warn(
            "publish failed ({} failure(s) in this run so far): {}",
            publishFailures.sum(),
            describe(error));
      }
    }
  }

  private void drain() {
    // The stop request's interrupt has done its job (ending a wait for the source); clear it so
    // the drain itself can wait.
    Thread.interrupted();
    try {
      if (!publisher.awaitDrained(drainTimeout)) {
        lastError =
            publisher.inFlight()
                + " publish(es) still unacknowledged after the drain timeout of "
                + drainTimeout;
        log.error("{}", lastError);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean pastDeadline() {
    return deadline != null && !clock.instant().isBefore(deadline);
  }

  private static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
