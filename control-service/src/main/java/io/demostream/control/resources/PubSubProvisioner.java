package io.demostream.control.resources;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.spring.core.GcpProjectIdProvider;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.ExpirationPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.Topic;
import com.google.pubsub.v1.TopicName;
import com.google.pubsub.v1.UpdateSubscriptionRequest;
import io.demostream.control.cloud.PubSubProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The topic ingest-service publishes to and the pipeline's subscription, and, when alerts are
 * configured ({@link PubSubProperties#provisionsAlerts()}), the panes topic, its subscription and
 * the alerts topic, through the Pub/Sub admin clients of Spring Cloud GCP (which follow {@code
 * spring.cloud.gcp.pubsub.emulator-host}). The subscription gets the configured ack deadline and
 * retention and an expiration policy without a TTL: left out, Pub/Sub would delete the subscription
 * after 31 idle days.
 */
class PubSubProvisioner implements Provisioner {

  private static final List<String> SETTINGS =
      List.of("ack_deadline_seconds", "message_retention_duration", "expiration_policy");

  private final ObjectProvider<TopicAdminClient> topicAdmin;
  private final ObjectProvider<SubscriptionAdminClient> subscriptionAdmin;
  private final GcpProjectIdProvider projectIdProvider;
  private final PubSubProperties properties;
  private final TransientFaultRetry retry;

  PubSubProvisioner(
      ObjectProvider<TopicAdminClient> topicAdmin,
      ObjectProvider<SubscriptionAdminClient> subscriptionAdmin,
      GcpProjectIdProvider projectIdProvider,
      PubSubProperties properties,
      TransientFaultRetry retry) {
    this.topicAdmin = topicAdmin;
    this.subscriptionAdmin = subscriptionAdmin;
    this.projectIdProvider = projectIdProvider;
    this.properties = properties;
    this.retry = retry;
  }

  @Override
  public List<ResourceState> ensure() {
    List<ResourceState> states = new ArrayList<>(List.of(ensureTopic(), ensureSubscription()));
    if (properties.provisionsAlerts()) {
      // Alerts: the panes the pipeline publishes, the control-service's subscription to them, and
      // the topic alert notifications go to.
      TopicName panes = TopicName.of(projectIdProvider.getProjectId(), properties.panesTopic());
      states.add(ensureTopic(panes));
      states.add(
          ensureSubscription(
              SubscriptionName.of(projectIdProvider.getProjectId(), properties.panesSubscription()),
              panes));
      states.add(
          ensureTopic(TopicName.of(projectIdProvider.getProjectId(), properties.alertsTopic())));
    }
    return states;
  }

  @Override
  public List<ResourceState> describe() {
    List<ResourceState> states =
        new ArrayList<>(
            List.of(describeTopic(topicName()), describeSubscription(subscriptionName())));
    if (properties.provisionsAlerts()) {
      String project = projectIdProvider.getProjectId();
      states.add(describeTopic(TopicName.of(project, properties.panesTopic())));
      states.add(
          describeSubscription(SubscriptionName.of(project, properties.panesSubscription())));
      states.add(describeTopic(TopicName.of(project, properties.alertsTopic())));
    }
    return states;
  }

  private ResourceState describeTopic(TopicName topic) {
    boolean exists =
        ResourceOperationException.guard(
            ResourceKind.PUBSUB_TOPIC,
            topic.toString(),
            () -> find(() -> topicAdmin.getObject().getTopic(topic)) != null);
    return ResourceState.ofExistence(ResourceKind.PUBSUB_TOPIC, topic.toString(), exists);
  }

  private ResourceState describeSubscription(SubscriptionName subscription) {
    boolean exists =
        ResourceOperationException.guard(
            ResourceKind.PUBSUB_SUBSCRIPTION,
            subscription.toString(),
            () -> find(() -> subscriptionAdmin.getObject().getSubscription(subscription)) != null);
    return ResourceState.ofExistence(
        ResourceKind.PUBSUB_SUBSCRIPTION, subscription.toString(), exists);
  }

  @Override
  public List<ResourceState> delete() {
    List<ResourceState> states = new ArrayList<>();
    if (properties.provisionsAlerts()) {
      String project = projectIdProvider.getProjectId();
      SubscriptionName panesSubscription =
          SubscriptionName.of(project, properties.panesSubscription());
      states.add(
          ResourceOperationException.guard(
              ResourceKind.PUBSUB_SUBSCRIPTION,
              panesSubscription.toString(),
              () ->
                  deleted(
                      ResourceKind.PUBSUB_SUBSCRIPTION,
                      panesSubscription.toString(),
                      () -> subscriptionAdmin.getObject().deleteSubscription(panesSubscription))));
      for (String id : List.of(properties.panesTopic(), properties.alertsTopic())) {
        TopicName alertsTopic = TopicName.of(project, id);
        states.add(
            ResourceOperationException.guard(
                ResourceKind.PUBSUB_TOPIC,
                alertsTopic.toString(),
                () ->
                    deleted(
                        ResourceKind.PUBSUB_TOPIC,
                        alertsTopic.toString(),
                        () -> topicAdmin.getObject().deleteTopic(alertsTopic))));
      }
    }
    SubscriptionName subscription = subscriptionName();
    states.add(
        ResourceOperationException.guard(
            ResourceKind.PUBSUB_SUBSCRIPTION,
            subscription.toString(),
            () ->
                deleted(
                    ResourceKind.PUBSUB_SUBSCRIPTION,
                    subscription.toString(),
                    () -> subscriptionAdmin.getObject().deleteSubscription(subscription))));
    TopicName topic = topicName();
    states.add(
        ResourceOperationException.guard(
            ResourceKind.PUBSUB_TOPIC,
            topic.toString(),
            () ->
                deleted(
                    ResourceKind.PUBSUB_TOPIC,
                    topic.toString(),
                    () -> topicAdmin.getObject().deleteTopic(topic))));
    return states;
  }

  @Override
  public List<ResourceState> notApplicable(String reason) {
    List<ResourceState> states = new ArrayList<>();
    states.add(notApplicable(ResourceKind.PUBSUB_TOPIC, topicName().toString(), reason));
    states.add(
        notApplicable(ResourceKind.PUBSUB_SUBSCRIPTION, subscriptionName().toString(), reason));
    if (properties.provisionsAlerts()) {
      String project = projectIdProvider.getProjectId();
      states.add(
          notApplicable(
              ResourceKind.PUBSUB_TOPIC,
              TopicName.of(project, properties.panesTopic()).toString(),
              reason));
      states.add(
          notApplicable(
              ResourceKind.PUBSUB_SUBSCRIPTION,
              SubscriptionName.of(project, properties.panesSubscription()).toString(),
              reason));
      states.add(
          notApplicable(
              ResourceKind.PUBSUB_TOPIC,
              TopicName.of(project, properties.alertsTopic()).toString(),
              reason));
    }
    return states;
  }

  private static ResourceState notApplicable(ResourceKind kind, String name, String reason) {
    return new ResourceState(kind, name, ResourceStatus.NOT_APPLICABLE, reason);
  }

  private ResourceState ensureTopic() {
    return ensureTopic(topicName());
  }

  private ResourceState ensureTopic(TopicName name) {
    return ResourceOperationException.guard(
        ResourceKind.PUBSUB_TOPIC,
        name.toString(),
        () -> {
          TopicAdminClient admin = topicAdmin.getObject();
          if (find(() -> admin.getTopic(name)) != null) {
            return ResourceState.of(
                ResourceKind.PUBSUB_TOPIC, name.toString(), ResourceStatus.EXISTED);
          }
          try {
            retry.call(
                "create-topic",
                () -> admin.createTopic(Topic.newBuilder().setName(name.toString()).build()));
            return ResourceState.of(
                ResourceKind.PUBSUB_TOPIC, name.toString(), ResourceStatus.CREATED);
          } catch (AlreadyExistsException raced) {
            return ResourceState.of(
                ResourceKind.PUBSUB_TOPIC, name.toString(), ResourceStatus.EXISTED);
          }
        });
  }

  private ResourceState ensureSubscription() {
    return ensureSubscription(subscriptionName(), topicName());
  }

  private ResourceState ensureSubscription(SubscriptionName name, TopicName topic) {
    Subscription wanted = wantedSubscription(name).toBuilder().setTopic(topic.toString()).build();
    return ResourceOperationException.guard(
        ResourceKind.PUBSUB_SUBSCRIPTION,
        name.toString(),
        () -> {
          SubscriptionAdminClient admin = subscriptionAdmin.getObject();
          Subscription existing = find(() -> admin.getSubscription(name));
          if (existing == null) {
            try {
              retry.call("create-subscription", () -> admin.createSubscription(wanted));
              return ResourceState.of(
                  ResourceKind.PUBSUB_SUBSCRIPTION, name.toString(), ResourceStatus.CREATED);
            } catch (AlreadyExistsException raced) {
              existing = retry.call("get-subscription", () -> admin.getSubscription(name));
            }
          }
          List<String> differences = differences(existing, wanted);
          if (differences.isEmpty()) {
            return ResourceState.of(
                ResourceKind.PUBSUB_SUBSCRIPTION, name.toString(), ResourceStatus.EXISTED);
          }
          UpdateSubscriptionRequest update =
              UpdateSubscriptionRequest.newBuilder()
                  .setSubscription(wanted.toBuilder().clearTopic())
                  .setUpdateMask(FieldMask.newBuilder().addAllPaths(SETTINGS))
                  .build();
          retry.call("update-subscription", () -> admin.updateSubscription(update));
          return new ResourceState(
              ResourceKind.PUBSUB_SUBSCRIPTION,
              name.toString(),
              ResourceStatus.UPDATED,
              String.join(", ", differences));
        });
  }

  Subscription wantedSubscription(SubscriptionName name) {
    return Subscription.newBuilder()
        .setName(name.toString())
        .setTopic(topicName().toString())
        .setAckDeadlineSeconds((int) properties.ackDeadline().toSeconds())
        .setMessageRetentionDuration(Durations.fromMillis(properties.messageRetention().toMillis()))
        // An expiration policy without a TTL means the subscription never expires.
        .setExpirationPolicy(ExpirationPolicy.getDefaultInstance())
        .build();
  }

  /** The settings of {@code existing} that differ from {@code wanted}, by field name. */
  static List<String> differences(Subscription existing, Subscription wanted) {
    List<String> differences = new ArrayList<>();
    if (existing.getAckDeadlineSeconds() != wanted.getAckDeadlineSeconds()) {
      differences.add("ack_deadline_seconds");
    }
    if (!existing.getMessageRetentionDuration().equals(wanted.getMessageRetentionDuration())) {
      differences.add("message_retention_duration");
    }
    if (existing.hasExpirationPolicy() && existing.getExpirationPolicy().hasTtl()) {
      differences.add("expiration_policy");
    }
    return differences;
  }

  private TopicName topicName() {
    return TopicName.of(projectIdProvider.getProjectId(), properties.topic());
  }

  private SubscriptionName subscriptionName() {
    return SubscriptionName.of(projectIdProvider.getProjectId(), properties.subscription());
  }

  /** The resource, or null when the service says it does not exist. */
  private <T> T find(Supplier<T> get) {
    try {
      return retry.call("get", get);
    } catch (NotFoundException e) {
      return null;
    }
  }

  private ResourceState deleted(ResourceKind kind, String name, Runnable delete) {
    try {
      retry.run("delete", delete);
      return ResourceState.of(kind, name, ResourceStatus.DELETED);
    } catch (NotFoundException e) {
      return ResourceState.of(kind, name, ResourceStatus.MISSING);
    }
  }
}
