package io.demostream.ingest.testing;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Plain Pub/Sub clients on the emulator, independent of the application under test: create a
 * randomly suffixed topic and subscription, pull everything, delete them again.
 */
public final class EmulatorPubSub implements AutoCloseable {

  public static final String PROJECT = "demo-project";

  private final ManagedChannel channel;
  private final TopicAdminClient topics;
  private final SubscriptionAdminClient subscriptions;
  private final TopicName topic;
  private final ProjectSubscriptionName subscription;
  private final boolean withSubscription;

  public EmulatorPubSub(String hostPort, String topicPrefix) throws IOException {
    this(hostPort, topicPrefix, true);
  }

  /**
   * @param withSubscription false for a topic nobody reads, so the emulator keeps no messages (a
   *     benchmark publishes far more than it could hold)
   */
  public EmulatorPubSub(String hostPort, String topicPrefix, boolean withSubscription)
      throws IOException {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    this.topic = TopicName.of(PROJECT, topicPrefix + "-" + suffix);
    this.subscription = ProjectSubscriptionName.of(PROJECT, topicPrefix + "-test-" + suffix);
    this.channel = ManagedChannelBuilder.forTarget(hostPort).usePlaintext().build();
    TransportChannelProvider channels =
        FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    this.topics =
        TopicAdminClient.create(
            TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(channels)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
    this.subscriptions =
        SubscriptionAdminClient.create(
            SubscriptionAdminSettings.newBuilder()
                .setTransportChannelProvider(channels)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
    this.withSubscription = withSubscription;
    topics.createTopic(topic);
    if (withSubscription) {
      subscriptions.createSubscription(subscription, topic, PushConfig.getDefaultInstance(), 60);
    }
  }

  /** The subscription's full path, as the pipeline's {@code --inputSubscription} takes it. */
  public String subscriptionPath() {
    return subscription.toString();
  }

  /** The topic id, as {@code demostream.ingest.topic} takes it. */
  public String topicId() {
    return topic.getTopic();
  }

  /** Pulls and acknowledges whatever is available now (possibly nothing). */
  public List<PubsubMessage> pullAvailable() {
    List<PubsubMessage> messages = new ArrayList<>();
    // returnImmediately is deprecated for production, but it is what makes "nothing there" quick.
    @SuppressWarnings("deprecation")
    PullRequest request =
        PullRequest.newBuilder()
            .setSubscription(subscription.toString())
            .setMaxMessages(1000)
            .setReturnImmediately(true)
            .build();
    PullResponse response = subscriptions.pull(request);
    List<String> ackIds = new ArrayList<>();
    for (ReceivedMessage received : response.getReceivedMessagesList()) {
      messages.add(received.getMessage());
      ackIds.add(received.getAckId());
    }
    if (!ackIds.isEmpty()) {
      subscriptions.acknowledge(subscription, ackIds);
    }
    return messages;
  }

  @Override
  public void close() {
    try {
      if (withSubscription) {
        subscriptions.deleteSubscription(subscription);
      }
      topics.deleteTopic(topic);
    } finally {
      subscriptions.close();
      topics.close();
      channel.shutdownNow();
    }
  }
}
