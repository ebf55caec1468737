package io.demostream.ingest.ingestion;

import io.demostream.ingest.publish.PublishProperties;
import io.demostream.ingest.publish.UserEventPublisher;
import io.demostream.ingest.source.SourceSettings;
import io.demostream.ingest.source.UserSources;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Starts, stops and reports ingestion runs, one at a time. {@link IngestionLifecycle} opens it when
 * the application is up and shuts it down first at exit.
 */
@Service
public class IngestionService {

  private static final Logger log = LoggerFactory.getLogger(IngestionService.class);

  private final UserSources sources;
  private final UserEventPublisher publisher;
  private final StartDefaults defaults;
  private final PublishProperties publish;
  private final IngestionMetrics metrics;
  private final Clock clock;

  private IngestionRun current;
  private int runs;
  private boolean accepting;

  public IngestionService(
      UserSources sources,
      UserEventPublisher publisher,
      StartDefaults defaults,
      PublishProperties publish,
      MeterRegistry meters,
      Clock clock) {
    this.sources = sources;
    this.publisher = publisher;
    this.defaults = defaults;
    this.publish = publish;
    this.clock = clock;
    this.metrics = new IngestionMetrics(meters, this::state);
  }

  /**
   * Starts a run.
   *
   * @throws IngestionAlreadyRunningException when a run is RUNNING or STOPPING
   * @throws IngestionShuttingDownException when the service is shutting down
   */
  public synchronized IngestionStatus start(StartCommand command) {
    if (current != null && current.state().active()) {
      throw new IngestionAlreadyRunningException(status());
    }
    if (!accepting) {
      throw new IngestionShuttingDownException();
    }
    SourceSettings settings = defaults.resolve(command);
    current =
        new IngestionRun(
            sources.open(settings),
            publisher,
            metrics,
            command.duration(),
            publish.drainTimeout(),
            clock,
            ++runs);
    current.start();
    log.info("ingestion started: {}, duration {}", settings, command.duration());
    return status();
  }

  /** Asks the current run to stop; answers at once, with the run STOPPING or already STOPPED. */
  public synchronized IngestionStatus stop() {
    if (current != null && current.state().active()) {
      current.requestStop();
      log.info("ingestion stop requested");
    }
    return status();
  }

  public synchronized IngestionStatus status() {
    String circuit = sources.circuitState();
    if (current == null) {
      return new IngestionStatus(
          IngestionState.IDLE, null, null, IngestionCounts.ZERO, circuit, null);
    }
    return current.status(circuit);
  }

  private synchronized IngestionState state() {
    return current == null ? IngestionState.IDLE : current.state();
  }

  /** Allows runs to start; called once the context is up. */
  synchronized void open() {
    accepting = true;
  }

  /** Refuses new runs, stops the current one and waits for it to drain its in-flight publishes. */
  void shutdown() {
    IngestionRun run;
    synchronized (this) {
      accepting = false;
      run = current;
      if (run == null || !run.state().active()) {
        return;
      }
      run.requestStop();
    }
    log.info("shutting down: stopped fetching, waiting for in-flight publishes");
    try {
      // The run's own drain is bounded by drain-timeout; the margin covers the fetch it interrupts.
      if (!run.awaitFinished(publish.drainTimeout().plus(Duration.ofSeconds(5)))) {
        log.error("ingestion run did not finish draining before shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
