package io.demostream.control.alerts.notify;

import com.google.cloud.spring.pubsub.core.publisher.PubSubPublisherTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Channel {@code pubsub}: the message's JSON as the body of a message on the alerts topic ({@code
 * demostream-alerts} by default), with attributes {@code rule_id}, {@code severity}, {@code status}
 * and {@code dedup_key}.
 */
public class PubSubAlertChannel implements AlertChannel {

  private final ObjectProvider<PubSubPublisherTemplate> publisher;
  private final String topic;
  private final Duration timeout;

  public PubSubAlertChannel(
      ObjectProvider<PubSubPublisherTemplate> publisher, String topic, Duration timeout) {
    this.publisher = publisher;
    this.topic = topic;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "pubsub";
  }

  @Override
  public void send(AlertMessage message, String json) throws Exception {
    publisher
        .getObject()
        .publish(topic, json.getBytes(StandardCharsets.UTF_8), message.attributes())
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
