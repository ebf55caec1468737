package io.demostream.control.alerts.evaluation;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.google.cloud.bigquery.BigQuery;
import io.demostream.control.alerts.engine.AlertEvent;
import io.demostream.control.alerts.engine.AlertStatus;
import io.demostream.control.alerts.rules.AlertRule;
import io.demostream.control.alerts.rules.Condition;
import io.demostream.control.alerts.rules.Metric;
import io.demostream.control.alerts.rules.Severity;
import io.demostream.control.testing.FakeGoogleApis;
import io.demostream.events.panes.WindowPaneMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dry run on the BigQuery warehouse, through the real BigQuery client against BigQuery's REST
 * API served by WireMock: the latest-pane views of the range read in one query (range bound as
 * parameters, filtered on the partition column), rebuilt into one pane per window, and the rule
 * replayed over them.
 */
class BigQueryStoredPanesTests {

  private static final Instant FROM = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-01T11:00:00Z");

  private WireMockServer server;
  private BigQueryStoredPanes panes;

  @BeforeEach
  void start() {
    server = new WireMockServer(FakeGoogleApis.wireMock());
    server.start();
    BigQuery bigQuery = FakeGoogleApis.bigQuery(server.baseUrl());
    panes = new BigQueryStoredPanes(() -> bigQuery, "demostream");
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void theRangesPanesComeFromOneQueryOfBothLatestPaneViews() {
    // 10:00:00Z-10:00:20Z and 10:00:20Z-10:00:40Z as the REST API writes TIMESTAMPs.
    answer(
        row("1.7723592E9", "1.77235922E9", "France", "female", null, 4, 30.0, 2.5),
        row("1.7723592E9", "1.77235922E9", "Spain", "male", null, 6, 40.0, 5.0),
        row("1.7723592E9", "1.77235922E9", null, null, "25-34", 10, null, null),
        row("1.77235922E9", "1.77235924E9", "France", "male", null, 2, 50.0, 1.0));

    List<WindowPaneMessage> latest = panes.latest(FROM, TO);

    assertThat(latest).hasSize(2);
    WindowPaneMessage first = latest.get(0);
    assertThat(first.windowStartMillis())
        .isEqualTo(Instant.parse("2026-03-01T10:00:00Z").toEpochMilli());
    assertThat(first.windowEndMillis())
        .isEqualTo(Instant.parse("2026-03-01T10:00:20Z").toEpochMilli());
    assertThat(first.cells())
        .containsExactly(
            new WindowPaneMessage.Cell("France", "female", 4, 120.0, 10.0),
            new WindowPaneMessage.Cell("Spain", "male", 6, 240.0, 30.0));
    assertThat(first.ageBands()).containsExactly(new WindowPaneMessage.AgeBandCell("25-34", 10));
    assertThat(first.paneTiming()).isEqualTo("ON_TIME");
    assertThat(latest.get(1).users()).isEqualTo(2);
    server.verify(
        1,
        postRequestedFor(urlPathEqualTo(FakeGoogleApis.QUERIES))
            .withRequestBody(
                matchingJsonPath(
                    "$.query",
                    containing(
                        "FROM `demo-project.demostream.latest_window_by_country_gender` WHERE"
                            + " window_start >= @range_start AND window_start < @range_end")))
            .withRequestBody(
                matchingJsonPath(
                    "$.query",
                    containing("UNION ALL SELECT window_start, window_end, CAST(NULL AS STRING)")))
            .withRequestBody(
                matchingJsonPath(
                    "$.query",
                    containing("FROM `demo-project.demostream.latest_window_by_age_band` WHERE")))
            .withRequestBody(matchingJsonPath("$.useLegacySql", equalTo("false")))
            .withRequestBody(parameter("range_start", "2026-03-01 10:00:00"))
            .withRequestBody(parameter("range_end", "2026-03-01 11:00:00")));
  }

  @Test
  void aDryRunOnBigQueryReplaysTheRuleOverTheRangeWithOneQuery() {
    answer(
        row("1.7723592E9", "1.77235922E9", "France", "female", null, 100, 30.0, 2.5),
        row("1.77235922E9", "1.77235924E9", "France", "female", null, 20, 30.0, 2.5),
        row("1.77235924E9", "1.77235926E9", "France", "female", null, 90, 30.0, 2.5));
    AlertRule rule =
        new AlertRule(
                "traffic-drop",
                Metric.USERS,
                null,
                null,
                new Condition.Below(50.0, 80.0),
                1,
                Severity.WARNING,
                List.of("pubsub"),
                0L,
                false)
            .normalized();

    DryRun.Result result = new DryRun(panes).run(rule, FROM, TO);

    assertThat(result.windows()).isEqualTo(3);
    assertThat(result.transitions())
        .extracting(AlertEvent::status)
        .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    server.verify(1, postRequestedFor(urlPathEqualTo(FakeGoogleApis.QUERIES)));
  }

  private static String row(
      String start,
      String end,
      String country,
      String gender,
      String ageBand,
      long users,
      Double avgAge,
      Double avgRegisteredAge) {
    return "{\"f\":[%s,%s,%s,%s,%s,%s,%s,%s]}"
        .formatted(
            value(start),
            value(end),
            value(country),
            value(gender),
            value(ageBand),
            value(String.valueOf(users)),
            value(avgAge == null ? null : avgAge.toString()),
            value(avgRegisteredAge == null ? null : avgRegisteredAge.toString()));
  }

  private static String value(String v) {
    return v == null ? "{\"v\":null}" : "{\"v\":\"" + v + "\"}";
  }

  private static StringValuePattern parameter(String name, String value) {
    return matchingJsonPath(
        "$.queryParameters[?(@.name == '" + name + "')].parameterValue.value", containing(value));
  }

  private void answer(String... rows) {
    server.stubFor(
        post(urlPathEqualTo(FakeGoogleApis.QUERIES))
            .willReturn(
                okJson(
                    FakeGoogleApis.queryAnswer(
                        """
                        [{"name":"window_start","type":"TIMESTAMP"},
                         {"name":"window_end","type":"TIMESTAMP"},{"name":"country","type":"STRING"},
                         {"name":"gender","type":"STRING"},{"name":"age_band","type":"STRING"},
                         {"name":"users","type":"INTEGER"},{"name":"avg_age","type":"FLOAT"},
                         {"name":"avg_registered_age","type":"FLOAT"}]""",
                        "[" + String.join(",", rows) + "]"))));
  }
}
