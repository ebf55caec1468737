package io.demostream.control.resources;

import static io.demostream.control.resources.TestProvisioning.PROJECT;
import static io.demostream.control.resources.TestProvisioning.fastRetry;
import static io.demostream.control.resources.TestProvisioning.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.ExpirationPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import io.demostream.control.cloud.PubSubProperties;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The topic and subscription, through the real admin clients against an in-process fake. */
class PubSubProvisionerTests {

  static final String TOPIC = "projects/demo-project/topics/users";
  static final String SUBSCRIPTION = "projects/demo-project/subscriptions/users-pipeline";

  private FakePubSubAdmin fake;
  private TopicAdminClient topicAdmin;
  private SubscriptionAdminClient subscriptionAdmin;
  private PubSubProvisioner provisioner;

  @BeforeEach
  void start() throws Exception {
    fake = new FakePubSubAdmin().startInProcess();
    topicAdmin = fake.topicAdmin();
    subscriptionAdmin = fake.subscriptionAdmin();
    provisioner =
        new PubSubProvisioner(
            provider(TopicAdminClient.class, topicAdmin),
            provider(SubscriptionAdminClient.class, subscriptionAdmin),
            () -> PROJECT,
            new PubSubProperties(
                "users", "users-pipeline", Duration.ofSeconds(90), Duration.ofDays(3)),
            fastRetry());
  }

  @AfterEach
  void stop() throws Exception {
    topicAdmin.close();
    subscriptionAdmin.close();
    fake.close();
  }

  @Test
  void ensureCreatesTopicAndSubscriptionThatNeverExpires() {
    List<ResourceState> states = provisioner.ensure();

    assertThat(states)
        .extracting(ResourceState::kind, ResourceState::name, ResourceState::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ResourceKind.PUBSUB_TOPIC, TOPIC, ResourceStatus.CREATED),
            org.assertj.core.groups.Tuple.tuple(
                ResourceKind.PUBSUB_SUBSCRIPTION, SUBSCRIPTION, ResourceStatus.CREATED));
    Subscription subscription = fake.subscriptions.get(SUBSCRIPTION);
    assertThat(subscription.getTopic()).isEqualTo(TOPIC);
    assertThat(subscription.getAckDeadlineSeconds()).isEqualTo(90);
    assertThat(subscription.getMessageRetentionDuration()).isEqualTo(Durations.fromDays(3));
    assertThat(subscription.hasExpirationPolicy()).isTrue();
    assertThat(subscription.getExpirationPolicy().hasTtl()).isFalse();
  }

  @Test
  void ensureAlsoCreatesTheAlertsPanesTopicItsSubscriptionAndTheAlertsTopic() {
    PubSubProvisioner withAlerts =
        new PubSubProvisioner(
            provider(TopicAdminClient.class, topicAdmin),
            provider(SubscriptionAdminClient.class, subscriptionAdmin),
            () -> PROJECT,
            new PubSubProperties(
                "users",
                "users-pipeline",
                Duration.ofSeconds(90),
                Duration.ofDays(3),
                "demostream-panes",
                "demostream-panes-control",
                "demostream-alerts"),
            fastRetry());

    assertThat(withAlerts.ensure())
        .extracting(ResourceState::kind, ResourceState::name, ResourceState::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ResourceKind.PUBSUB_TOPIC, TOPIC, ResourceStatus.CREATED),
            org.assertj.core.groups.Tuple.tuple(
                ResourceKind.PUBSUB_SUBSCRIPTION, SUBSCRIPTION, ResourceStatus.CREATED),
            org.assertj.core.groups.Tuple.tuple(
                ResourceKind.PUBSUB_TOPIC,
                "projects/demo-project/topics/demostream-panes",
                ResourceStatus.CREATED),
            org.assertj.core.groups.Tuple.tuple(
                ResourceKind.PUBSUB_SUBSCRIPTION,
                "projects/demo-project/subscriptions/demostream-panes-control",
                ResourceStatus.CREATED),
            org.assertj.core.groups.Tuple.tuple(
                ResourceKind.PUBSUB_TOPIC,
                "projects/demo-project/topics/demostream-alerts",
                ResourceStatus.CREATED));
    assertThat(
            fake.subscriptions
                .get("projects/demo-project/subscriptions/demostream-panes-control")
                .getTopic())
        .isEqualTo("projects/demo-project/topics/demostream-panes");
    assertThat(withAlerts.ensure())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.EXISTED);
  }

  @Test
  void ensureTwiceChangesNothingTheSecondTime() {
    provisioner.ensure();

    List<ResourceState> second = provisioner.ensure();

    assertThat(second).extracting(ResourceState::status).containsOnly(ResourceStatus.EXISTED);
    assertThat(fake.calls("createTopic")).isEqualTo(1);
    assertThat(fake.calls("createSubscription")).isEqualTo(1);
    assertThat(fake.updates).isEmpty();
  }

  @Test
  void subscriptionWithOtherSettingsIsUpdated() {
    fake.topics.put(TOPIC, Topic.newBuilder().setName(TOPIC).build());
    fake.subscriptions.put(
        SUBSCRIPTION,
        Subscription.newBuilder()
            .setName(SUBSCRIPTION)
            .setTopic(TOPIC)
            .setAckDeadlineSeconds(10)
            .setMessageRetentionDuration(Durations.fromDays(7))
            .setExpirationPolicy(ExpirationPolicy.newBuilder().setTtl(FakePubSubAdmin.DEFAULT_TTL))
            .build());

    List<ResourceState> states = provisioner.ensure();

    assertThat(states.get(0).status()).isEqualTo(ResourceStatus.EXISTED);
    assertThat(states.get(1).status()).isEqualTo(ResourceStatus.UPDATED);
    assertThat(states.get(1).detail())
        .contains("ack_deadline_seconds", "message_retention_duration", "expiration_policy");
    Subscription updated = fake.subscriptions.get(SUBSCRIPTION);
    assertThat(updated.getAckDeadlineSeconds()).isEqualTo(90);
    assertThat(updated.getMessageRetentionDuration()).isEqualTo(Durations.fromDays(3));
    assertThat(updated.getExpirationPolicy().hasTtl()).isFalse();
    assertThat(provisioner.ensure())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.EXISTED);
  }

  @Test
  void unavailableCreateIsRetried() {
    fake.failNext("createTopic", Status.UNAVAILABLE);

    List<ResourceState> states = provisioner.ensure();

    assertThat(states.get(0).status()).isEqualTo(ResourceStatus.CREATED);
    assertThat(fake.calls("createTopic")).isEqualTo(2);
    assertThat(fake.topics).containsKey(TOPIC);
  }

  @Test
  void permissionDeniedFailsAtOnceNamingTheResource() {
    fake.failNext("getTopic", Status.PERMISSION_DENIED.withDescription("no pubsub.topics.get"));

    assertThatThrownBy(provisioner::ensure)
        .isInstanceOf(ResourceOperationException.class)
        .hasCauseInstanceOf(PermissionDeniedException.class)
        .satisfies(
            e -> {
              assertThat(((ResourceOperationException) e).kind())
                  .isEqualTo(ResourceKind.PUBSUB_TOPIC);
              assertThat(((ResourceOperationException) e).name()).isEqualTo(TOPIC);
            });
    assertThat(fake.calls("getTopic")).isEqualTo(1);
  }

  @Test
  void describeAndDeleteFollowWhatExists() {
    assertThat(provisioner.describe())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.MISSING);
    provisioner.ensure();
    assertThat(provisioner.describe())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.EXISTED);

    List<ResourceState> deleted = provisioner.delete();

    assertThat(deleted)
        .extracting(ResourceState::kind, ResourceState::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ResourceKind.PUBSUB_SUBSCRIPTION, ResourceStatus.DELETED),
            org.assertj.core.groups.Tuple.tuple(ResourceKind.PUBSUB_TOPIC, ResourceStatus.DELETED));
    assertThat(fake.topics).isEmpty();
    assertThat(fake.subscriptions).isEmpty();
    assertThat(provisioner.delete())
        .extracting(ResourceState::status)
        .containsOnly(ResourceStatus.MISSING);
  }

  @Test
  void describeListsTheAlertsResourcesWithTheirStateWhenAlertsAreProvisioned() {
    PubSubProvisioner withAlerts = withAlerts();
    String panes = "projects/demo-project/topics/demostream-panes";
    String panesSubscription = "projects/demo-project/subscriptions/demostream-panes-control";
    String alerts = "projects/demo-project/topics/demostream-alerts";
    assertThat(withAlerts.describe())
        .extracting(ResourceState::kind, ResourceState::name, ResourceState::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ResourceKind.PUBSUB_TOPIC, TOPIC, ResourceStatus.MISSING),
            org.assertj.core.groups.Tuple.tuple(
                ResourceKind.PUBSUB_SUBSCRIPTION, SUBSCRIPTION, ResourceStatus.MISSING),
            org.assertj.core.groups.Tuple.tuple(
                ResourceKind.PUBSUB_TOPIC, panes, ResourceStatus.MISSING),
            org.assertj.core.groups.Tuple.tuple(
                ResourceKind.PUBSUB_SUBSCRIPTION, panesSubscription, ResourceStatus.MISSING),
            org.assertj.core.groups.Tuple.tuple(
                ResourceKind.PUBSUB_TOPIC, alerts, ResourceStatus.MISSING));

    withAlerts.ensure();
    fake.topics.remove(alerts);

    assertThat(withAlerts.describe())
        .extracting(ResourceState::name, ResourceState::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(TOPIC, ResourceStatus.EXISTED),
            org.assertj.core.groups.Tuple.tuple(SUBSCRIPTION, ResourceStatus.EXISTED),
            org.assertj.core.groups.Tuple.tuple(panes, ResourceStatus.EXISTED),
            org.assertj.core.groups.Tuple.tuple(panesSubscription, ResourceStatus.EXISTED),
            org.assertj.core.groups.Tuple.tuple(alerts, ResourceStatus.MISSING));
    assertThat(withAlerts.notApplicable("not here"))
        .extracting(ResourceState::name, ResourceState::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(TOPIC, ResourceStatus.NOT_APPLICABLE),
            org.assertj.core.groups.Tuple.tuple(SUBSCRIPTION, ResourceStatus.NOT_APPLICABLE),
            org.assertj.core.groups.Tuple.tuple(panes, ResourceStatus.NOT_APPLICABLE),
            org.assertj.core.groups.Tuple.tuple(panesSubscription, ResourceStatus.NOT_APPLICABLE),
            org.assertj.core.groups.Tuple.tuple(alerts, ResourceStatus.NOT_APPLICABLE));
    assertThat(provisioner.describe())
        .as("without alerts configured, only the users topic and subscription")
        .hasSize(2);
  }

  private PubSubProvisioner withAlerts() {
    return new PubSubProvisioner(
        provider(TopicAdminClient.class, topicAdmin),
        provider(SubscriptionAdminClient.class, subscriptionAdmin),
        () -> PROJECT,
        new PubSubProperties(
            "users",
            "users-pipeline",
            Duration.ofSeconds(90),
            Duration.ofDays(3),
            "demostream-panes",
            "demostream-panes-control",
            "demostream-alerts"),
        fastRetry());
  }
}
