package io.demostream.control.alerts.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The alerts' series on {@code /actuator/prometheus}: {@code demostream_alerts_firing{rule,
 * severity}}, {@code demostream_alerts_transitions_total{status,severity}}, {@code
 * demostream_alerts_notifications_total{channel,outcome}} and {@code
 * demostream_alerts_evaluation_latency_seconds} (pane emitted by the pipeline to transitions
 * committed).
 */
public class AlertMetrics {

  private final MeterRegistry registry;
  private final MultiGauge firing;
  private final Timer latency;

  public AlertMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.firing =
        MultiGauge.builder("demostream.alerts.firing")
            .description("Series firing now, per rule and severity")
            .register(registry);
    this.latency =
        Timer.builder("demostream.alerts.evaluation.latency")
            .description("From the pane's emission by the pipeline to its evaluation committed")
            .publishPercentiles(0.5, 0.95)
            .register(registry);
    // Every channel's outcomes exist from the start at 0: a counter that first appears at 1 has no
    // increase() in Prometheus, so the first failure would not fire the notifications alert.
    for (String channel : List.of("pubsub", "webhook")) {
      for (String outcome : List.of("sent", "retried", "failed", "silenced")) {
        notificationCounter(channel, outcome);
      }
    }
  }

  public void transition(String status, String severity) {
    Counter.builder("demostream.alerts.transitions")
        .description("Transitions of alert series")
        .tags("status", status, "severity", severity)
        .register(registry)
        .increment();
  }

  public void notification(String channel, String outcome) {
    notificationCounter(channel, outcome).increment();
  }

  private Counter notificationCounter(String channel, String outcome) {
    return Counter.builder("demostream.alerts.notifications")
        .description("Notifications by channel and outcome (sent, retried, failed, silenced)")
        .tags("channel", channel, "outcome", outcome)
        .register(registry);
  }

  public void evaluated(Duration sincePaneEmitted) {
    latency.record(sincePaneEmitted.isNegative() ? Duration.ZERO : sincePaneEmitted);
  }

  /** Replaces the firing gauge's rows: firing series count per (rule name, severity). */
  public void firing(Map<List<String>, Long> byRuleAndSeverity) {
    firing.register(
        byRuleAndSeverity.entrySet().stream()
            .map(
                e ->
                    MultiGauge.Row.of(
                        Tags.of("rule", e.getKey().get(0), "severity", e.getKey().get(1)),
                        e.getValue()))
            .toList(),
        true);
  }
}
