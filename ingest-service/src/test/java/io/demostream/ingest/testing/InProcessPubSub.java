package io.demostream.ingest.testing;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.spring.pubsub.core.publisher.PubSubPublisherTemplate;
import com.google.cloud.spring.pubsub.core.publisher.PublisherCustomizer;
import com.google.cloud.spring.pubsub.support.DefaultPublisherFactory;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The real Spring Cloud GCP publisher template and Pub/Sub client, wired to a {@link
 * FakePubSubPublisher} over an in-process gRPC channel: no emulator, no network.
 */
public final class InProcessPubSub implements AutoCloseable {

  public static final String PROJECT = "demo-project";

  private final FakePubSubPublisher fake = new FakePubSubPublisher();
  private final Server server;
  private final ManagedChannel channel;
  private final PubSubPublisherTemplate template;
  private final ConcurrentHashMap<String, Publisher> publishers = new ConcurrentHashMap<>();

  /**
   * @param customizer the production batching customizer under test
   * @param totalTimeout how long the client retries a publish before failing it
   */
  public InProcessPubSub(PublisherCustomizer customizer, Duration totalTimeout) {
    String name = "pubsub-" + UUID.randomUUID();
    try {
      server =
          InProcessServerBuilder.forName(name)
              .directExecutor()
              // Every call checked against deploy/iam/api-methods.yaml.
              .addService(ServerInterceptors.intercept(fake, GoogleApiMethods.interceptor()))
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    DefaultPublisherFactory factory = new DefaultPublisherFactory(() -> PROJECT);
    factory.setChannelProvider(
        FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)));
    factory.setCredentialsProvider(NoCredentialsProvider.create());
    factory.setRetrySettings(
        RetrySettings.newBuilder()
            .setTotalTimeoutDuration(totalTimeout)
            .setInitialRetryDelayDuration(Duration.ofMillis(50))
            .setRetryDelayMultiplier(2)
            .setMaxRetryDelayDuration(Duration.ofMillis(500))
            .setInitialRpcTimeoutDuration(totalTimeout)
            .setMaxRpcTimeoutDuration(totalTimeout)
            .setRpcTimeoutMultiplier(1)
            .build());
    factory.setCustomizers(List.of(customizer));
    // One publisher per topic, remembered so close() can shut it down.
    template =
        new PubSubPublisherTemplate(
            topic -> publishers.computeIfAbsent(topic, factory::createPublisher));
  }

  public PubSubPublisherTemplate template() {
    return template;
  }

  public FakePubSubPublisher fake() {
    return fake;
  }

  @Override
  public void close() throws InterruptedException {
    fake.release();
    for (Publisher publisher : publishers.values()) {
      publisher.shutdown();
      publisher.awaitTermination(5, TimeUnit.SECONDS);
    }
    channel.shutdownNow();
    server.shutdownNow();
  }
}
