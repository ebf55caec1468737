package io.demostream.control.alerts;

import io.demostream.control.alerts.evaluation.AlertEvaluator;
import io.demostream.control.alerts.evaluation.PaneSubscriber;
import io.demostream.control.alerts.notify.OutboxDispatcher;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the alerts' own schedules on their own threads, apart from requests: the outbox dispatcher
 * every {@code dispatch-interval}, {@code absent} rules every {@code absent-check-interval},
 * windows without any pane every {@code gap-check-interval}, and (when this replica evaluates) the
 * panes subscriber, restarted while it is down.
 */
class AlertsScheduler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AlertsScheduler.class);

  private final OutboxDispatcher dispatcher;
  private final AlertEvaluator evaluator;
  private final PaneSubscriber subscriber;
  private final AlertsProperties properties;
  private final boolean evaluate;
  private ScheduledExecutorService threads;

  AlertsScheduler(
      OutboxDispatcher dispatcher,
      AlertEvaluator evaluator,
      PaneSubscriber subscriber,
      AlertsProperties properties,
      boolean evaluate) {
    this.dispatcher = dispatcher;
    this.evaluator = evaluator;
    this.subscriber = subscriber;
    this.properties = properties;
    this.evaluate = evaluate;
  }

  @Override
  public synchronized void start() {
    threads =
        Executors.newScheduledThreadPool(
            4,
            runnable -> {
              Thread thread = new Thread(runnable, "alerts");
              thread.setDaemon(true);
              return thread;
            });
    every(
        properties.dispatchInterval(),
        "dispatch",
        () -> {
          while (dispatcher.dispatch() > 0) {
            // Drain what is due before sleeping again.
          }
        });
    every(properties.absentCheckInterval(), "absent-check", evaluator::onTick);
    if (evaluate) {
      every(properties.gapCheckInterval(), "gap-check", evaluator::fillGaps);
      every(Duration.ofSeconds(10), "panes-subscriber", subscriber::start);
    }
  }

  private void every(Duration interval, String what, Runnable task) {
    threads.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.warn("Alerts {} failed, retried in {}: {}", what, interval, e.toString());
          }
        },
        0,
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    subscriber.stop();
    if (threads != null) {
      threads.shutdownNow();
      threads = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return threads != null;
  }
}
