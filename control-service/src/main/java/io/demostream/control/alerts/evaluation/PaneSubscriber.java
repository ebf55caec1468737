package io.demostream.control.alerts.evaluation;

import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.spring.pubsub.core.subscriber.PubSubSubscriberTemplate;
import com.google.cloud.spring.pubsub.support.BasicAcknowledgeablePubsubMessage;
import io.demostream.events.panes.WindowPaneMessage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Streams the panes subscription into the {@link AlertEvaluator}: a pane is acknowledged once every
 * rule committed it, nacked (and so redelivered, which the engine ignores where it was applied)
 * when any failed. An unreadable message is acknowledged and logged: it can never become readable.
 * Replicas share the subscription, so each pane reaches one of them (or, redelivered, more).
 */
public class PaneSubscriber {

  private static final Logger log = LoggerFactory.getLogger(PaneSubscriber.class);

  private final ObjectProvider<PubSubSubscriberTemplate> subscriber;
  private final String subscription;
  private final AlertEvaluator evaluator;
  private Subscriber running;

  public PaneSubscriber(
      ObjectProvider<PubSubSubscriberTemplate> subscriber,
      String subscription,
      AlertEvaluator evaluator) {
    this.subscriber = subscriber;
    this.subscription = subscription;
    this.evaluator = evaluator;
  }

  /** Subscribes; false (logged) when the subscription cannot be opened, for the caller to retry. */
  public synchronized boolean start() {
    if (running != null && running.isRunning()) {
      return true;
    }
    try {
      running = subscriber.getObject().subscribe(subscription, this::receive);
      running.awaitRunning(30, TimeUnit.SECONDS);
      log.info("Evaluating alert rules on the panes of subscription {}", subscription);
      return true;
    } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
      log.warn("Cannot read the panes subscription {} yet: {}", subscription, e.toString());
      stop();
      return false;
    }
  }

  public synchronized boolean isRunning() {
    return running != null && running.isRunning();
  }

  public synchronized void stop() {
    if (running != null) {
      running.stopAsync();
      running = null;
    }
  }

  void receive(BasicAcknowledgeablePubsubMessage message) {
    WindowPaneMessage pane;
    try {
      pane = WindowPaneMessage.fromJson(message.getPubsubMessage().getData().toByteArray());
    } catch (RuntimeException e) {
      log.warn("Dropping a message of {} that is not a pane: {}", subscription, e.getMessage());
      message.ack();
      return;
    }
    try {
      evaluator.onPane(pane);
      message.ack();
    } catch (RuntimeException e) {
      log.warn(
          "Pane of window {} not evaluated, to be redelivered: {}",
          pane.windowStartMillis(),
          e.toString());
      message.nack();
    }
  }
}
