package io.demostream.control.backfills;

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
import io.demostream.control.testing.FakeGoogleApis;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backfill overlap check through the real BigQuery client against BigQuery's REST API served by
 * WireMock: one query, its range and the backfill's own incarnation bound as parameters, the table
 * read only from the day before the range (its partition column).
 */
class BigQueryCountedWindowsTests {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant END = Instant.parse("2026-03-01T11:00:00Z");

  private WireMockServer server;
  private BigQueryCountedWindows windows;

  @BeforeEach
  void start() {
    server = new WireMockServer(FakeGoogleApis.wireMock());
    server.start();
    BigQuery bigQuery = FakeGoogleApis.bigQuery(server.baseUrl());
    windows = new BigQueryCountedWindows(bigQuery, "demo-project", "demostream");
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void windowsAnotherIncarnationWroteAreTheOverlapWithTheirSpan() {
    // 10:20Z and 10:40Z as the REST API writes TIMESTAMPs.
    answer("[{\"f\":[{\"v\":\"1.7723604E9\"},{\"v\":\"1.7723616E9\"},{\"v\":\"6\"}]}]");

    assertThat(windows.intersecting(START, END, "backfill-1"))
        .contains(
            new CountedWindows.CountedSpan(
                Instant.parse("2026-03-01T10:20:00Z"), Instant.parse("2026-03-01T10:40:00Z"), 6));
    server.verify(
        postRequestedFor(urlPathEqualTo(FakeGoogleApis.QUERIES))
            .withRequestBody(
                matchingJsonPath(
                    "$.query",
                    containing(
                        "FROM `demo-project.demostream.window_summary` WHERE window_start >="
                            + " TIMESTAMP_SUB(@range_start, INTERVAL 1 DAY)")))
            .withRequestBody(matchingJsonPath("$.query", containing("job_id <> @except_job_id")))
            .withRequestBody(matchingJsonPath("$.useLegacySql", equalTo("false")))
            // The client sends named parameters in no fixed order.
            .withRequestBody(parameter("range_start", "2026-03-01 10:00:00"))
            .withRequestBody(parameter("range_end", "2026-03-01 11:00:00"))
            .withRequestBody(parameter("except_job_id", "backfill-1")));
  }

  @Test
  void noCountedWindowIsNoOverlap() {
    // COUNT(*) of nothing: one row, no window.
    answer("[{\"f\":[{\"v\":null},{\"v\":null},{\"v\":\"0\"}]}]");

    assertThat(windows.intersecting(START, END, "backfill-1")).isEmpty();
  }

  private static StringValuePattern parameter(String name, String value) {
    return matchingJsonPath(
        "$.queryParameters[?(@.name == '" + name + "')].parameterValue.value", containing(value));
  }

  private void answer(String rows) {
    server.stubFor(
        post(urlPathEqualTo(FakeGoogleApis.QUERIES))
            .willReturn(
                okJson(
                    FakeGoogleApis.queryAnswer(
                        """
                        [{"name":"first_start","type":"TIMESTAMP"},
                         {"name":"last_end","type":"TIMESTAMP"},{"name":"panes","type":"INTEGER"}]""",
                        rows))));
  }
}
