package io.demostream.control.alerts.notify;

import io.demostream.control.alerts.silences.SilenceRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the {@link Outbox} holds, one claimed row at a time: silenced rows end {@code
 * silenced} unsent; a failed send is retried with exponential backoff up to {@code maxAttempts},
 * then ends {@code failed}, and the rule's status shows the last error. A replica that dies while
 * holding rows leaves them to another once the lease expires; a row sent but not yet marked done
 * when its sender died is sent again (at least once), with the same {@code dedup_key}.
 */
public class OutboxDispatcher {

  private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

  /** How many rows one pass claims. */
  static final int BATCH = 20;

  private final Outbox outbox;
  private final Map<String, AlertChannel> channels;
  private final SilenceRepository silences;
  private final AlertMetrics metrics;
  private final BiConsumer<String, String> ruleNotificationStatus;
  private final Clock clock;
  private final String owner;
  private final Duration lease;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final com.fasterxml.jackson.databind.ObjectMapper json;

  /**
   * @param ruleNotificationStatus records a rule's last notification error (null when it succeeded)
   */
  public OutboxDispatcher(
      Outbox outbox,
      List<AlertChannel> channels,
      SilenceRepository silences,
      AlertMetrics metrics,
      BiConsumer<String, String> ruleNotificationStatus,
      com.fasterxml.jackson.databind.ObjectMapper json,
      Clock clock,
      String owner,
      Duration lease,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff) {
    this.outbox = outbox;
    this.channels =
        channels.stream()
            .collect(java.util.stream.Collectors.toMap(AlertChannel::name, c -> c, (a, b) -> a));
    this.silences = silences;
    this.metrics = metrics;
    this.ruleNotificationStatus = ruleNotificationStatus;
    this.json = json;
    this.clock = clock;
    this.owner = owner;
    this.lease = lease;
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
  }

  /** One pass: claims due rows and sends them; returns how many were handled. */
  public int dispatch() {
    List<Outbox.Row> rows = outbox.claim(owner, clock.instant(), lease, BATCH);
    for (Outbox.Row row : rows) {
      handle(row);
    }
    return rows.size();
  }

  private void handle(Outbox.Row row) {
    AlertMessage message;
    try {
      message = json.readValue(row.payload(), AlertMessage.class);
    } catch (Exception e) {
      outbox.complete(row.id(), owner, "failed", "unreadable payload", clock.instant());
      metrics.notification(row.channel(), "failed");
      return;
    }
    if (silences.silenced(message.ruleId(), message.seriesKey(), clock.instant())) {
      outbox.complete(row.id(), owner, "silenced", null, clock.instant());
      metrics.notification(row.channel(), "silenced");
      return;
    }
    AlertChannel channel = channels.get(row.channel());
    try {
      if (channel == null) {
        throw new IllegalStateException("channel " + row.channel() + " is not configured");
      }
      channel.send(message, row.payload());
      if (outbox.complete(row.id(), owner, "sent", null, clock.instant())) {
        metrics.notification(row.channel(), "sent");
        ruleNotificationStatus.accept(row.ruleId(), null);
      }
    } catch (Exception e) {
      String error = row.channel() + ": " + describe(e);
      int attempt = row.attempts() + 1;
      ruleNotificationStatus.accept(row.ruleId(), error);
      if (attempt >= maxAttempts) {
        log.warn("Giving up notification {} after {} attempts: {}", row.id(), attempt, error);
        outbox.complete(row.id(), owner, "failed", error, clock.instant());
        metrics.notification(row.channel(), "failed");
      } else {
        Instant next = clock.instant().plus(backoff(attempt));
        log.info(
            "Notification {} failed (attempt {}), retrying at {}: {}",
            row.id(),
            attempt,
            next,
            error);
        outbox.retryAt(row.id(), owner, error, next);
        metrics.notification(row.channel(), "retried");
      }
    }
  }

  Duration backoff(int attempt) {
    Duration delay = initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
  }

  /** The failure without secrets: class-free, first line only. */
  private static String describe(Exception e) {
    String message = e.getMessage() == null ? "no message" : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
