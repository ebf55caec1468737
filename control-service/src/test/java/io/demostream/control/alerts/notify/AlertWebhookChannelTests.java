package io.demostream.control.alerts.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.demostream.control.alerts.AlertsDatabase;
import io.demostream.control.alerts.engine.AlertEvent;
import io.demostream.control.alerts.engine.AlertStatus;
import io.demostream.control.alerts.rules.AlertRule;
import io.demostream.control.alerts.rules.AlertRuleRepository;
import io.demostream.control.alerts.rules.Condition;
import io.demostream.control.alerts.rules.Metric;
import io.demostream.control.alerts.rules.Severity;
import io.demostream.control.alerts.rules.StoredRule;
import io.demostream.control.alerts.silences.SilenceRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook channel against WireMock: a signed JSON POST with a Slack-compatible {@code text},
 * retried with backoff through the outbox, its failures counted and shown on the rule.
 */
class AlertWebhookChannelTests {

  private static final String SECRET = "webhook-secret-value";
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @RegisterExtension
  static WireMockExtension receiver =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path dir;

  private static AlertMessage message(StoredRule rule) {
    AlertEvent event =
        new AlertEvent(
            "all",
            AlertStatus.NORMAL,
            AlertStatus.FIRING,
            T0,
            T0.plusSeconds(20),
            40.0,
            50.0,
            T0.plusSeconds(21),
            null,
            0,
            null,
            T0.plusSeconds(21));
    return AlertMessage.of(rule, event, "rule-1/all/1/normal>firing/r0/v1");
  }

  private static StoredRule rule() {
    return new StoredRule(
        "rule-1",
        1,
        T0,
        T0,
        new AlertRule(
            "traffic-drop",
            Metric.USERS,
            null,
            null,
            new Condition.Below(50.0, 80.0),
            1,
            Severity.CRITICAL,
            List.of("webhook"),
            0L,
            false),
        null);
  }

  @Test
  void postsTheJsonSignedWithHmacSha256OverTheBody() throws Exception {
    receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
    WebhookChannel channel =
        new WebhookChannel(URI.create(receiver.baseUrl() + "/hook"), SECRET, Duration.ofSeconds(2));
    AlertMessage message = message(rule());
    String json = AlertsDatabase.JSON.writeValueAsString(message);

    channel.send(message, json);

    List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlEqualTo("/hook")));
    assertThat(requests).hasSize(1);
    LoggedRequest request = requests.get(0);
    byte[] body = request.getBody();
    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(json);
    assertThat(request.getHeader(WebhookChannel.SIGNATURE_HEADER))
        .isEqualTo("sha256=" + WebhookChannel.sign(SECRET.getBytes(StandardCharsets.UTF_8), body));
    assertThat(
            WebhookChannel.sign(
                "key".getBytes(StandardCharsets.UTF_8),
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    receiver.verify(
        postRequestedFor(urlEqualTo("/hook"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(matchingJsonPath("$.status", equalTo("firing")))
            .withRequestBody(matchingJsonPath("$.ruleId", equalTo("rule-1")))
            .withRequestBody(matchingJsonPath("$.severity", equalTo("critical")))
            .withRequestBody(matchingJsonPath("$.seriesKey", equalTo("all")))
            .withRequestBody(matchingJsonPath("$.windowStart", equalTo("2026-12-07T10:00:00Z")))
            .withRequestBody(
                matchingJsonPath(
                    "$.text",
                    equalTo(
                        "[CRITICAL] traffic-drop firing: users on all = 40 (threshold 50),"
                            + " window 2026-12-07T10:00:00Z to 2026-12-07T10:00:20Z"))));
  }

  @Test
  void aFailingReceiverIsRetriedWithBackoffCountedAndShownOnTheRuleNeverLeakingTheSecret() {
    receiver.stubFor(
        post(urlEqualTo("/flaky"))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    receiver.stubFor(
        post(urlEqualTo("/flaky"))
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(204)));
    try (AlertsDatabase db = AlertsDatabase.open(AlertsDatabase.Kind.H2, dir)) {
      AlertRuleRepository rules = new AlertRuleRepository(db.dataSource(), AlertsDatabase.JSON);
      StoredRule rule = rules.insert("rule-1", rule().rule(), T0);
      Outbox outbox = new Outbox(db.dataSource());
      AlertMessage message = message(rule);
      outbox.enqueue(1, "rule-1", "all", "webhook", write(message), T0);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      MovableClock clock = new MovableClock();
      OutboxDispatcher dispatcher =
          new OutboxDispatcher(
              outbox,
              List.of(
                  new WebhookChannel(
                      URI.create(receiver.baseUrl() + "/flaky"), SECRET, Duration.ofSeconds(2))),
              new SilenceRepository(db.dataSource()),
              new AlertMetrics(registry),
              rules::recordNotification,
              AlertsDatabase.JSON,
              clock,
              "replica-a",
              Duration.ofSeconds(30),
              5,
              Duration.ofSeconds(2),
              Duration.ofSeconds(60));

      assertThat(dispatcher.dispatch()).isEqualTo(1);
      assertThat(rules.find("rule-1").orElseThrow().lastNotificationError())
          .isEqualTo("webhook: webhook answered HTTP 503")
          .doesNotContain(SECRET);
      assertThat(dispatcher.dispatch()).as("not due before the backoff").isZero();
      clock.now = clock.now.plusSeconds(2);
      assertThat(dispatcher.dispatch()).isEqualTo(1);

      assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/flaky")))).hasSize(2);
      assertThat(rules.find("rule-1").orElseThrow().lastNotificationError()).isNull();
      assertThat(counter(registry, "retried")).isEqualTo(1.0);
      assertThat(counter(registry, "sent")).isEqualTo(1.0);
      assertThat(outbox.pending()).isZero();
      assertThat(dispatcher.backoff(1)).isEqualTo(Duration.ofSeconds(2));
      assertThat(dispatcher.backoff(3)).isEqualTo(Duration.ofSeconds(8));
      assertThat(dispatcher.backoff(10)).isEqualTo(Duration.ofSeconds(60));
    }
  }

  private static double counter(SimpleMeterRegistry registry, String outcome) {
    return registry
        .get("demostream.alerts.notifications")
        .tags("channel", "webhook", "outcome", outcome)
        .counter()
        .count();
  }

  private static String write(AlertMessage message) {
    try {
      return AlertsDatabase.JSON.writeValueAsString(message);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static final class MovableClock extends Clock {
    Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
