package io.demostream.ingest.ingestion;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown of ingestion. In the last phase to start, hence the first to stop, it ends the
 * current run before the web server and the Pub/Sub client go: fetching stops and in-flight
 * publishes are awaited (up to {@code demostream.ingest.publish.drain-timeout}), so no user
 * accepted from the source is lost.
 */
@Component
class IngestionLifecycle implements SmartLifecycle {

  private final IngestionService ingestion;
  private volatile boolean running;

  IngestionLifecycle(IngestionService ingestion) {
    this.ingestion = ingestion;
  }

  @Override
  public void start() {
    ingestion.open();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    ingestion.shutdown();
  }

  @Override
  public void stop(Runnable callback) {
    running = false;
    // Spring waits for the callback up to spring.lifecycle.timeout-per-shutdown-phase.
    Thread drainer =
        new Thread(
            () -> {
              try {
                ingestion.shutdown();
              } finally {
                callback.run();
              }
            },
            "ingest-shutdown");
    drainer.start();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }
}
