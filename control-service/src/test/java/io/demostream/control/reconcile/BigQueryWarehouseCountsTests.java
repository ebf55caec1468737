package io.demostream.control.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.cloud.bigquery.BigQuery;
import io.demostream.control.testing.FakeGoogleApis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One incarnation's counts through the real BigQuery client against BigQuery's REST API served by
 * WireMock: the queries read the incarnation's own rows, with its id bound as a parameter.
 */
class BigQueryWarehouseCountsTests {

  static final String QUERIES = FakeGoogleApis.QUERIES;

  /** When the run was requested. */
  static final Instant STARTED = Instant.parse("2026-03-01T09:30:00Z");

  private WireMockServer server;
  private BigQueryWarehouseCounts counts;

  @BeforeEach
  void start() {
    server = new WireMockServer(FakeGoogleApis.wireMock());
    server.start();
    BigQuery bigQuery = FakeGoogleApis.bigQuery(server.baseUrl());
    counts = new BigQueryWarehouseCounts(bigQuery, "demo-project", "demostream");
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void countsTheIncarnationsLatestPanesOfTheTilingWindowsAndItsDeadLetters() {
    // 2026-03-01T10:00Z and 10:01Z, as the REST API writes TIMESTAMPs.
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing("window_summary")))
            .willReturn(
                okJson(
                    FakeGoogleApis.queryAnswer(
                        "[{\"name\":\"window_start\",\"type\":\"TIMESTAMP\"},"
                            + "{\"name\":\"users\",\"type\":\"INTEGER\"}]",
                        "[{\"f\":[{\"v\":\"1.7723592E9\"},{\"v\":\"7\"}]},"
                            + "{\"f\":[{\"v\":\"1.77235926E9\"},{\"v\":\"5\"}]}]"))));
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing("dead_letter")))
            .willReturn(
                okJson(
                    FakeGoogleApis.queryAnswer(
                        "[{\"name\":\"dead_letters\",\"type\":\"INTEGER\"}]",
                        "[{\"f\":[{\"v\":\"2\"}]}]"))));

    IncarnationCounts fixed =
        counts.count(
            "run-1", new WindowTiling(Duration.ofMinutes(1), Duration.ofMinutes(1)), STARTED);
    IncarnationCounts sliding =
        counts.count(
            "run-1", new WindowTiling(Duration.ofMinutes(2), Duration.ofMinutes(1)), STARTED);

    assertThat(fixed).isEqualTo(new IncarnationCounts(12L, 2, fixed.countedFrom()));
    // 2-minute windows every minute: only the window starting at 10:00 tiles time.
    assertThat(sliding.counted()).isEqualTo(7);
    server.verify(
        postRequestedFor(urlPathEqualTo(QUERIES))
            .withRequestBody(
                matchingJsonPath(
                    "$.query",
                    containing(
                        "FROM `demo-project.demostream.window_summary` WHERE job_id = @job_id")))
            .withRequestBody(matchingJsonPath("$.useLegacySql", equalTo("false")))
            .withRequestBody(matchingJsonPath("$.queryParameters[0].name", equalTo("job_id")))
            .withRequestBody(
                matchingJsonPath("$.queryParameters[0].parameterValue.value", equalTo("run-1"))));
    server.verify(
        postRequestedFor(urlPathEqualTo(QUERIES))
            .withRequestBody(
                matchingJsonPath(
                    "$.query",
                    containing(
                        "FROM `demo-project.demostream.dead_letter` WHERE job_id = @job_id"
                            + " AND received_at >= @since"
                            + " AND NOT STARTS_WITH(error, 'bigquery.')"))));
  }

  @Test
  void readsOnlyThePartitionsFromTheDayBeforeTheRunStarted() {
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(
                okJson(
                    FakeGoogleApis.queryAnswer(
                        "[{\"name\":\"dead_letters\",\"type\":\"INTEGER\"}]", "[]"))));

    counts.count("run-1", new WindowTiling(Duration.ofMinutes(1), Duration.ofMinutes(1)), STARTED);

    // Both tables by their partition column (window_start, received_at), inside the ranking
    // subquery so that BigQuery prunes partitions before it ranks, from 24 h before the start.
    for (String filtered :
        List.of(
            "FROM `demo-project.demostream.window_summary` WHERE job_id = @job_id"
                + " AND window_start >= @since)",
            "FROM `demo-project.demostream.dead_letter` WHERE job_id = @job_id"
                + " AND received_at >= @since")) {
      server.verify(
          postRequestedFor(urlPathEqualTo(QUERIES))
              .withRequestBody(matchingJsonPath("$.query", containing(filtered)))
              .withRequestBody(matchingJsonPath("$.queryParameters[1].name", equalTo("since")))
              .withRequestBody(
                  matchingJsonPath("$.queryParameters[1].parameterType.type", equalTo("TIMESTAMP")))
              .withRequestBody(
                  matchingJsonPath(
                      "$.queryParameters[1].parameterValue.value",
                      containing("2026-02-28 09:30:00"))));
    }
  }
}
