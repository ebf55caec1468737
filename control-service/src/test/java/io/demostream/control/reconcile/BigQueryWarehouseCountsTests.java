package io.demostream.control.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One incarnation's counts through the real BigQuery client against BigQuery's REST API served by
 * WireMock: the queries read the incarnation's own rows, with its id bound as a parameter.
 */
class BigQueryWarehouseCountsTests {

  static final String QUERIES = "/bigquery/v2/projects/demo-project/queries";

  private WireMockServer server;
  private BigQueryWarehouseCounts counts;

  @BeforeEach
  void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    BigQuery bigQuery =
        BigQueryOptions.newBuilder()
            .setProjectId("demo-project")
            .setHost(server.baseUrl())
            .setCredentials(NoCredentials.getInstance())
            .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(1).build())
            .build()
            .getService();
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
                    response(
                        "[{\"name\":\"window_start\",\"type\":\"TIMESTAMP\"},"
                            + "{\"name\":\"users\",\"type\":\"INTEGER\"}]",
                        "[{\"f\":[{\"v\":\"1.7723592E9\"},{\"v\":\"7\"}]},"
                            + "{\"f\":[{\"v\":\"1.77235926E9\"},{\"v\":\"5\"}]}]"))));
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing("dead_letter")))
            .willReturn(
                okJson(
                    response(
                        "[{\"name\":\"dead_letters\",\"type\":\"INTEGER\"}]",
                        "[{\"f\":[{\"v\":\"2\"}]}]"))));

    IncarnationCounts fixed =
        counts.count("run-1", new WindowTiling(Duration.ofMinutes(1), Duration.ofMinutes(1)));
    IncarnationCounts sliding =
        counts.count("run-1", new WindowTiling(Duration.ofMinutes(2), Duration.ofMinutes(1)));

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
                            + " AND NOT STARTS_WITH(error, 'bigquery.')"))));
  }

  /** A complete {@code jobs.query} answer with all its rows. */
  private static String response(String fields, String rows) {
    int count = rows.split("\"f\"").length - 1;
    return """
        {"kind":"bigquery#queryResponse",
         "jobReference":{"projectId":"demo-project","jobId":"job-1","location":"US"},
         "jobComplete":true,
         "schema":{"fields":%s},
         "totalRows":"%d","rows":%s}"""
        .formatted(fields, count, rows);
  }
}
