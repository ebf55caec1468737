package io.demostream.ingest.publish;

import com.google.cloud.spring.pubsub.core.publisher.PubSubPublisherTemplate;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.demostream.events.UserEventMessage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.springframework.stereotype.Component;

/**
 * Publishes contract messages to the configured topic through the real Pub/Sub client (batching and
 * flow control from {@link PublisherBatchingCustomizer}). {@link #publish} blocks while {@code
 * max-in-flight} publishes are unacknowledged, so the caller cannot outrun Pub/Sub.
 */
@Component
public class UserEventPublisher {

  static final String LATENCY_TIMER = "demostream.ingest.publish.latency";
  static final String IN_FLIGHT_GAUGE = "demostream.ingest.publish.in.flight";

  private final PubSubPublisherTemplate pubSub;
  private final String topic;
  private final InFlightLimit inFlight;
  private final MeterRegistry meters;
  private final Timer latency;

  public UserEventPublisher(
      PubSubPublisherTemplate pubSub,
      TopicProperties topicProperties,
      PublishProperties publish,
      MeterRegistry meters) {
    this.pubSub = pubSub;
    this.topic = topicProperties.topic();
    this.inFlight = new InFlightLimit(publish.maxInFlight());
    this.meters = meters;
    this.latency =
        Timer.builder(LATENCY_TIMER)
            .description("time from handing a message to the client to its acknowledgement")
            .register(meters);
    Gauge.builder(IN_FLIGHT_GAUGE, inFlight, InFlightLimit::inFlight)
        .description("publishes sent and not yet acknowledged")
        .register(meters);
  }

  /**
   * Publishes one message, first waiting for room under {@code max-in-flight}. {@code onSettled}
   * runs with the message id or the client's final error before the slot is freed, so whoever waits
   * in {@link #awaitDrained} sees every outcome already recorded.
   */
  public void publish(UserEventMessage message, BiConsumer<String, Throwable> onSettled) {
    inFlight.acquire();
    send(message, onSettled);
  }

  /**
   * Publishes every message if {@code max-in-flight} has room for all of them now; otherwise
   * publishes none and answers false at once (a pushed request is refused rather than buffered).
   * {@code onSettled} runs once per message, as for {@link #publish}.
   */
  public boolean tryPublishAll(
      List<UserEventMessage> messages, BiConsumer<String, Throwable> onSettled) {
    if (!inFlight.tryAcquire(messages.size())) {
      return false;
    }
    for (UserEventMessage message : messages) {
      send(message, onSettled);
    }
    return true;
  }

  /** The {@code max-in-flight} bound: no request larger than this can ever be published whole. */
  public int maxInFlight() {
    return inFlight.max();
  }

  private void send(UserEventMessage message, BiConsumer<String, Throwable> onSettled) {
    Timer.Sample sample = Timer.start(meters);
    CompletableFuture<String> sent;
    try {
      sent =
          pubSub.publish(
              topic,
              PubsubMessage.newBuilder()
                  .setData(ByteString.copyFrom(message.data()))
                  .putAllAttributes(message.attributes())
                  .build());
    } catch (RuntimeException e) {
      settle(null, e, onSettled);
      return;
    }
    sent.whenComplete(
        (id, error) -> {
          sample.stop(latency);
          settle(id, error, onSettled);
        });
  }

  private void settle(String id, Throwable error, BiConsumer<String, Throwable> onSettled) {
    try {
      onSettled.accept(id, error);
    } finally {
      inFlight.release();
    }
  }

  /** Publishes sent and not yet settled. */
  public int inFlight() {
    return inFlight.inFlight();
  }

  /** Waits for every in-flight publish to settle; false if {@code timeout} passed first. */
  public boolean awaitDrained(Duration timeout) throws InterruptedException {
    return inFlight.awaitDrained(timeout);
  }
}
