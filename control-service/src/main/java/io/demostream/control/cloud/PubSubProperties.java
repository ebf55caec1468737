package io.demostream.control.cloud;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Pub/Sub topic that ingest-service publishes to and the subscription the pipeline reads
 * ({@code demostream.pubsub.*}).
 *
 * @param topic topic id (not the full path)
 * @param subscription the pipeline's subscription id
 * @param ackDeadline how long Pub/Sub waits for an ack before redelivery, 10 s to 600 s
 * @param messageRetention how long unacknowledged messages are kept, 10 minutes to 31 days
 * @param panesTopic the topic the pipeline publishes window panes to ({@code --panesTopic}), for
 *     alerts; blank: not provisioned
 * @param panesSubscription the control-service's subscription to the panes topic, shared by
 *     replicas
 * @param alertsTopic the topic alert notifications go to (channel {@code pubsub}); blank: not
 *     provisioned
 */
@Validated
@ConfigurationProperties("demostream.pubsub")
public record PubSubProperties(
    @NotBlank @DefaultValue("users") String topic,
    @NotBlank @DefaultValue("users-pipeline") String subscription,
    @NotNull @DefaultValue("60s") Duration ackDeadline,
    @NotNull @DefaultValue("7d") Duration messageRetention,
    @DefaultValue("demostream-panes") String panesTopic,
    @DefaultValue("demostream-panes-control") String panesSubscription,
    @DefaultValue("demostream-alerts") String alertsTopic) {

  /** The constructor Spring binds. */
  @ConstructorBinding
  public PubSubProperties {}

  /** The users topic and subscription only, without the alerts' topics. */
  public PubSubProperties(
      String topic, String subscription, Duration ackDeadline, Duration messageRetention) {
    this(topic, subscription, ackDeadline, messageRetention, "", "", "");
  }

  /** Whether the alerts' panes topic, its subscription and the alerts topic are provisioned. */
  public boolean provisionsAlerts() {
    return panesTopic != null
        && !panesTopic.isBlank()
        && panesSubscription != null
        && !panesSubscription.isBlank()
        && alertsTopic != null
        && !alertsTopic.isBlank();
  }

  @AssertTrue(message = "ack-deadline must be between 10s and 600s")
  boolean isAckDeadlineInRange() {
    return ackDeadline == null
        || (ackDeadline.compareTo(Duration.ofSeconds(10)) >= 0
            && ackDeadline.compareTo(Duration.ofSeconds(600)) <= 0);
  }

  @AssertTrue(message = "message-retention must be between 10m and 31d")
  boolean isMessageRetentionInRange() {
    return messageRetention == null
        || (messageRetention.compareTo(Duration.ofMinutes(10)) >= 0
            && messageRetention.compareTo(Duration.ofDays(31)) <= 0);
  }
}
