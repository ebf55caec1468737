package io.demostream.ingest.publish;

import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.batching.FlowController;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.spring.pubsub.core.publisher.PublisherCustomizer;
import org.springframework.stereotype.Component;

/**
 * Applies {@code demostream.ingest.publish.*} batching and flow control to every Pub/Sub publisher
 * the template creates. Spring Cloud GCP's own batching keys only take whole seconds of delay; a
 * {@code Duration} here allows the few milliseconds that keep latency low at low rates.
 */
@Component
public class PublisherBatchingCustomizer implements PublisherCustomizer {

  private final PublishProperties properties;

  public PublisherBatchingCustomizer(PublishProperties properties) {
    this.properties = properties;
  }

  @Override
  public void apply(Publisher.Builder builder, String topic) {
    builder.setBatchingSettings(batchingSettings(properties));
  }

  static BatchingSettings batchingSettings(PublishProperties properties) {
    return BatchingSettings.newBuilder()
        .setIsEnabled(true)
        .setElementCountThreshold((long) properties.batchMaxMessages())
        .setRequestByteThreshold(properties.batchMaxBytes().toBytes())
        .setDelayThresholdDuration(properties.batchDelay())
        .setFlowControlSettings(
            FlowControlSettings.newBuilder()
                // One more than our own bound, so the client's limit is a backstop, never the
                // first wall: blocking inside the client would hide the in-flight gauge.
                .setMaxOutstandingElementCount(properties.maxInFlight() + 1L)
                .setMaxOutstandingRequestBytes(properties.maxInFlightBytes().toBytes())
                .setLimitExceededBehavior(FlowController.LimitExceededBehavior.Block)
                .build())
        .build();
  }
}
