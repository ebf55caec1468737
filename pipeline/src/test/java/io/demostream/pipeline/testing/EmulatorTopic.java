package io.demostream.pipeline.testing;

import com.google.api.core.ApiFuture;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.demostream.events.UserEventMessage;
import io.demostream.events.testing.PubSubEmulator;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A topic and its subscription with random names on the running {@link PubSubEmulator}, and a
 * publisher for contract messages. Callers check {@link PubSubEmulator#isAvailable()} first.
 */
public final class EmulatorTopic implements AutoCloseable {

  public static final String PROJECT = "demo-project";

  private final ManagedChannel channel;
  private final TransportChannelProvider channels;
  private final TopicName topic;
  private final SubscriptionName subscription;

  private EmulatorTopic(ManagedChannel channel, TopicName topic, SubscriptionName subscription) {
    this.channel = channel;
    this.channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    this.topic = topic;
    this.subscription = subscription;
  }

  /** Creates the topic and a pull subscription with a 60 s acknowledgement deadline. */
  public static EmulatorTopic create() throws Exception {
    return create(60);
  }

  /**
   * Creates the topic and a pull subscription.
   *
   * @param ackDeadlineSeconds how soon messages a stopped pipeline pulled but never acknowledged
   *     are delivered again
   */
  public static EmulatorTopic create(int ackDeadlineSeconds) throws Exception {
    ManagedChannel channel =
        ManagedChannelBuilder.forTarget(PubSubEmulator.hostPort().orElseThrow())
            .usePlaintext()
            .build();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    EmulatorTopic created =
        new EmulatorTopic(
            channel,
            TopicName.of(PROJECT, "users-" + suffix),
            SubscriptionName.of(PROJECT, "pipeline-" + suffix));
    try (TopicAdminClient topics =
            TopicAdminClient.create(
                TopicAdminSettings.newBuilder()
                    .setTransportChannelProvider(created.channels)
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .build());
        SubscriptionAdminClient subscriptions =
            SubscriptionAdminClient.create(
                SubscriptionAdminSettings.newBuilder()
                    .setTransportChannelProvider(created.channels)
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .build())) {
      topics.createTopic(created.topic);
      subscriptions.createSubscription(
          created.subscription, created.topic, PushConfig.getDefaultInstance(), ackDeadlineSeconds);
    }
    return created;
  }

  /** {@code --pubsubRootUrl} of the emulator. */
  public static String rootUrl() {
    return "http://" + PubSubEmulator.hostPort().orElseThrow();
  }

  /** {@code projects/PROJECT/subscriptions/NAME}, as {@code --inputSubscription} takes it. */
  public String subscriptionPath() {
    return subscription.toString();
  }

  /** {@code projects/PROJECT/topics/NAME}, as {@code --panesTopic} takes it. */
  public String topicPath() {
    return topic.toString();
  }

  /** Publishes every message and waits until the emulator has accepted them all. */
  public void publish(List<UserEventMessage> messages) throws Exception {
    Publisher publisher =
        Publisher.newBuilder(topic)
            .setChannelProvider(channels)
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build();
    try {
      List<ApiFuture<String>> ids = new ArrayList<>();
      for (UserEventMessage message : messages) {
        ids.add(
            publisher.publish(
                PubsubMessage.newBuilder()
                    .setData(ByteString.copyFrom(message.data()))
                    .putAllAttributes(message.attributes())
                    .build()));
      }
      for (ApiFuture<String> id : ids) {
        id.get(30, TimeUnit.SECONDS);
      }
    } finally {
      publisher.shutdown();
      publisher.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
