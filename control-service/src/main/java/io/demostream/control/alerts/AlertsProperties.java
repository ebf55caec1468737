package io.demostream.control.alerts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Alerts ({@code demostream.alerts.*}): whether this replica evaluates, and how the outbox is
 * dispatched. The topics and the subscription are Pub/Sub resources, named in {@code
 * demostream.pubsub.*} (panes-topic, panes-subscription, alerts-topic) and provisioned with the
 * others.
 *
 * @param evaluate whether this replica reads the panes subscription and judges rules (REST works
 *     either way)
 * @param dispatchInterval how often the outbox is polled for notifications to send
 * @param absentCheckInterval how often {@code absent} rules and the firing gauge are evaluated
 * @param gapCheckInterval how often windows that ended without any pane are looked for
 * @param gapGrace how long no pane at all must have come, and how long after a window's end, beyond
 *     the pipeline's current lag (how late the latest on-time pane came after its window's end),
 *     before a window without any pane, while a run is active, is judged as 0 users. Keep it above
 *     the pipeline's early firing interval; too short, and a window whose pane is merely late is
 *     judged empty first and revised when the pane comes
 * @param leaseDuration how long a dispatcher holds a claimed notification before another may retry
 *     it
 * @param maxAttempts sends of one notification before it ends {@code failed}
 * @param initialBackoff delay before the second attempt; doubles per attempt up to {@code
 *     maxBackoff}
 * @param maxBackoff the longest delay between two attempts
 * @param webhook the {@code webhook} channel
 */
@Validated
@ConfigurationProperties("demostream.alerts")
public record AlertsProperties(
    @DefaultValue("true") boolean evaluate,
    @NotNull @DefaultValue("250ms") Duration dispatchInterval,
    @NotNull @DefaultValue("5s") Duration absentCheckInterval,
    @NotNull @DefaultValue("1s") Duration gapCheckInterval,
    @NotNull @DefaultValue("5s") Duration gapGrace,
    @NotNull @DefaultValue("30s") Duration leaseDuration,
    @Min(1) @DefaultValue("8") int maxAttempts,
    @NotNull @DefaultValue("1s") Duration initialBackoff,
    @NotNull @DefaultValue("5m") Duration maxBackoff,
    @Valid @NotNull @DefaultValue Webhook webhook) {

  /**
   * @param url where the {@code webhook} channel posts; blank: the channel is not configured and
   *     its notifications fail (visible in metrics and the rule's status)
   * @param secret the HMAC-SHA256 key of {@code X-Demostream-Signature}
   *     (DEMOSTREAM_ALERTS_WEBHOOK_SECRET, from a secret); never logged
   * @param timeout connect and request timeout of one attempt
   */
  public record Webhook(
      @DefaultValue("") String url,
      @DefaultValue("") String secret,
      @NotNull @DefaultValue("5s") Duration timeout) {

    @Override
    public String toString() {
      return "Webhook[url="
          + url
          + ", secret="
          + (secret.isBlank() ? "" : "***")
          + ", timeout="
          + timeout
          + "]";
    }
  }
}
