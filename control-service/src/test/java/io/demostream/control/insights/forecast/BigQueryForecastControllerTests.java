package io.demostream.control.insights.forecast;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.demostream.control.testing.ApiSliceTest;
import io.demostream.control.testing.FakeGoogleApis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The forecast API with the BigQuery ML engine behind it (BigQuery's REST API played by WireMock):
 * too little history, and a country the model does not have, are the same 409 problem as on the
 * local engine, with {@code needed} and {@code available}.
 */
@ApiSliceTest
@Import({ForecastController.class, BigQueryForecastControllerTests.Engine.class})
class BigQueryForecastControllerTests {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String QUERIES = FakeGoogleApis.QUERIES;
  static final WireMockServer server = new WireMockServer(FakeGoogleApis.wireMock());

  static {
    server.start();
  }

  @TestConfiguration
  static class Engine {
    @Bean
    ForecastProperties forecastProperties() {
      return new ForecastProperties(
          Duration.ofDays(7), Duration.ofDays(1), Duration.ofMinutes(15), Duration.ofDays(7));
    }

    @Bean
    BigQueryForecastEngine bigQueryForecastEngine(ForecastProperties properties) {
      return new BigQueryForecastEngine(
          () -> FakeGoogleApis.bigQuery(server.baseUrl()),
          "demostream",
          properties,
          new BigQueryForecastProperties(
              1440, Duration.ofHours(1), 0.9, 0.99, Duration.ofHours(1), Duration.ofHours(1)),
          Clock.fixed(NOW, ZoneOffset.UTC),
          new SimpleMeterRegistry());
    }
  }

  @Autowired MockMvc mvc;

  @BeforeEach
  void stubBigQuery() {
    server.resetAll();
    // No earlier training to reuse; every training and table write succeeds.
    answer(
        "SELECT training.trained_at",
        FakeGoogleApis.queryAnswer(
            """
            [{"name":"trained_at","type":"TIMESTAMP"},{"name":"windows","type":"INTEGER"},
             {"name":"frequency_seconds","type":"INTEGER"},{"name":"last_window","type":"TIMESTAMP"}]""",
            null));
    for (String statement : new String[] {"CREATE OR REPLACE MODEL", "INSERT INTO"}) {
      answer(
          statement,
          """
          {"kind":"bigquery#queryResponse",
           "jobReference":{"projectId":"demo-project","jobId":"done-1","location":"US"},
           "jobComplete":true,"totalBytesProcessed":"0"}""");
    }
    server.stubFor(
        WireMock.get(urlPathEqualTo("/bigquery/v2/projects/demo-project/queries/done-1"))
            .willReturn(
                okJson(
                    """
                    {"kind":"bigquery#getQueryResultsResponse",
                     "jobReference":{"projectId":"demo-project","jobId":"done-1","location":"US"},
                     "jobComplete":true,"totalRows":"0"}""")));
    server.stubFor(
        WireMock.get(urlPathMatching("/bigquery/v2/projects/demo-project/jobs/done-1"))
            .willReturn(
                okJson(
                    """
                    {"kind":"bigquery#job","id":"demo-project:US.done-1",
                     "jobReference":{"projectId":"demo-project","jobId":"done-1","location":"US"},
                     "configuration":{"query":{"query":"...","useLegacySql":false},"jobType":"QUERY"},
                     "status":{"state":"DONE"},"statistics":{"query":{"statementType":"INSERT"}}}""")));
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @Test
  void tooLittleHistoryIsThe409ConflictSayingHowMuchIsNeeded() throws Exception {
    history(5);

    mvc.perform(get("/api/v1/insights/forecast?horizon=30m"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:conflict"))
        .andExpect(jsonPath("$.needed").value(12))
        .andExpect(jsonPath("$.available").value(5))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("holds 5")));
  }

  @Test
  void anomaliesOfACountryTheModelDoesNotHaveAreThe409WithNothingAvailable() throws Exception {
    history(240);
    answer(
        "SELECT trained.trained_windows",
        FakeGoogleApis.queryAnswer(
            """
            [{"name":"trained_windows","type":"INTEGER"},
             {"name":"window_start","type":"TIMESTAMP"},{"name":"value","type":"FLOAT"},
             {"name":"lower_bound","type":"FLOAT"},{"name":"upper_bound","type":"FLOAT"},
             {"name":"anomaly_probability","type":"FLOAT"},{"name":"is_anomaly","type":"BOOLEAN"}]""",
            """
            [{"f":[{"v":"0"},{"v":null},{"v":null},{"v":null},{"v":null},{"v":null},{"v":null}]}]"""));

    mvc.perform(get("/api/v1/insights/anomalies?country=Atlantis"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:conflict"))
        .andExpect(jsonPath("$.needed").value(12))
        .andExpect(jsonPath("$.available").value(0));
  }

  /** The history count: this many windows a minute apart, the last at 11:59. */
  private static void history(int windows) {
    answer(
        "SELECT COUNT(DISTINCT window_start) AS windows",
        FakeGoogleApis.queryAnswer(
            """
            [{"name":"windows","type":"INTEGER"},{"name":"span_seconds","type":"INTEGER"},
             {"name":"last_window","type":"TIMESTAMP"}]""",
            "[{\"f\":[{\"v\":\"%d\"},{\"v\":\"%d\"},{\"v\":\"%d\"}]}]"
                .formatted(windows, (windows - 1) * 60, NOW.getEpochSecond() - 60)));
  }

  private static void answer(String queryStart, String body) {
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing(queryStart)))
            .willReturn(okJson(body)));
  }
}
