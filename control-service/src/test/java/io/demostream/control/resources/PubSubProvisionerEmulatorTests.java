package io.demostream.control.resources;

import static io.demostream.control.resources.TestProvisioning.fastRetry;
import static io.demostream.control.resources.TestProvisioning.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import io.demostream.control.cloud.PubSubProperties;
import io.demostream.events.testing.PubSubEmulator;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The topic and subscription on the real Pub/Sub emulator, with randomly suffixed names. Skipped
 * with a reason where no emulator can be found; {@link PubSubProvisionerTests} always runs.
 */
class PubSubProvisionerEmulatorTests {

  private static final String PROJECT = "demo-project";

  private ManagedChannel channel;
  private TopicAdminClient topicAdmin;
  private SubscriptionAdminClient subscriptionAdmin;
  private PubSubProvisioner provisioner;
  private String subscription;

  @BeforeEach
  void connect() throws Exception {
    assumeTrue(PubSubEmulator.isAvailable(), PubSubEmulator::skipReason);
    channel =
        ManagedChannelBuilder.forTarget(PubSubEmulator.hostPort().orElseThrow())
            .usePlaintext()
            .build();
    FixedTransportChannelProvider transport =
        FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    topicAdmin =
        TopicAdminClient.create(
            TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(transport)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
    subscriptionAdmin =
        SubscriptionAdminClient.create(
            SubscriptionAdminSettings.newBuilder()
                .setTransportChannelProvider(transport)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    subscription = "users-pipeline-" + suffix;
    provisioner =
        new PubSubProvisioner(
            provider(TopicAdminClient.class, topicAdmin),
            provider(SubscriptionAdminClient.class, subscriptionAdmin),
            () -> PROJECT,
            new PubSubProperties(
                "users-" + suffix, subscription, Duration.ofSeconds(45), Duration.ofHours(12)),
            fastRetry());
  }

  @AfterEach
  void close() {
    if (topicAdmin != null) {
      provisioner.delete();
      topicAdmin.close();
      subscriptionAdmin.close();
      channel.shutdownNow();
    }
  }

  @Test
  void ensureCreatesThenReportsExisted() {
    assertThat(provisioner.ensure())
        .extracting(ResourceState::status)
        .containsExactly(ResourceStatus.CREATED, ResourceStatus.CREATED);

    assertThat(provisioner.ensure())
        .extracting(ResourceState::status)
        .containsExactly(ResourceStatus.EXISTED, ResourceStatus.EXISTED);

    Subscription created =
        subscriptionAdmin.getSubscription(SubscriptionName.of(PROJECT, subscription));
    assertThat(created.getAckDeadlineSeconds()).isEqualTo(45);
    assertThat(created.getExpirationPolicy().hasTtl()).isFalse();
  }

  @Test
  void deleteRemovesBothAndThenReportsMissing() {
    provisioner.ensure();

    assertThat(provisioner.delete())
        .extracting(ResourceState::status)
        .containsExactly(ResourceStatus.DELETED, ResourceStatus.DELETED);
    assertThat(provisioner.describe())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.MISSING);
  }
}
