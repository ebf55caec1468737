package io.demostream.control.alerts.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.demostream.control.alerts.engine.AlertEvent;
import io.demostream.control.alerts.rules.StoredRule;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What every channel sends for a transition: the Pub/Sub message's JSON body (and, with {@link
 * #text}, the webhook's, which Slack's incoming webhooks read), and its {@link #attributes()}.
 *
 * @param status {@code firing}, {@code resolved} or {@code revised}
 * @param dedupKey the transition's identity: the same transition always has the same key
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AlertMessage(
    String ruleId,
    String ruleName,
    String status,
    String severity,
    String seriesKey,
    String metric,
    Double value,
    Double threshold,
    Instant windowStart,
    Instant windowEnd,
    Instant startsAt,
    Instant endsAt,
    int revision,
    String dedupKey,
    String text) {

  public static AlertMessage of(StoredRule rule, AlertEvent event, String dedupKey) {
    String status = event.status().json();
    String metric = rule.rule().metric().json();
    String text =
        String.format(
            Locale.ROOT,
            "[%s] %s %s: %s on %s = %s (threshold %s)%s",
            rule.rule().severity().json().toUpperCase(Locale.ROOT),
            rule.rule().name(),
            status,
            metric,
            event.seriesKey(),
            format(event.value()),
            format(event.threshold()),
            event.windowStart() == null
                ? ""
                : ", window " + event.windowStart() + " to " + event.windowEnd());
    return new AlertMessage(
        rule.id(),
        rule.rule().name(),
        status,
        rule.rule().severity().json(),
        event.seriesKey(),
        metric,
        event.value(),
        event.threshold(),
        event.windowStart(),
        event.windowEnd(),
        event.startsAt(),
        event.endsAt(),
        event.revision(),
        dedupKey,
        text);
  }

  /** The Pub/Sub attributes, so that subscribers filter and deduplicate without the body. */
  public Map<String, String> attributes() {
    return Map.of("rule_id", ruleId, "severity", severity, "status", status, "dedup_key", dedupKey);
  }

  private static String format(Double value) {
    if (value == null) {
      return "-";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString(value.longValue())
        : String.format(Locale.ROOT, "%.4f", value);
  }
}
