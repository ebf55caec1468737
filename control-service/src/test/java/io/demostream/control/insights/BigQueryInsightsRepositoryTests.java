package io.demostream.control.insights;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.demostream.control.insights.InsightsWarehouse.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.cloud.bigquery.BigQuery;
import io.demostream.control.testing.FakeGoogleApis;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The BigQuery repository against BigQuery's REST API served by WireMock: the queries it sends
 * (views of the configured dataset, the partition filter, the range bound as TIMESTAMP parameters)
 * and the answers it parses.
 */
class BigQueryInsightsRepositoryTests {

  static final String QUERIES = FakeGoogleApis.QUERIES;
  static final TimeRange RANGE = new TimeRange(at("10:00"), at("10:10"));

  private WireMockServer server;
  private BigQueryInsightsRepository repository;

  @BeforeEach
  void start() {
    server = new WireMockServer(FakeGoogleApis.wireMock());
    server.start();
    BigQuery bigQuery = FakeGoogleApis.bigQuery(server.baseUrl());
    repository = new BigQueryInsightsRepository(() -> bigQuery, "demostream");
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void windowsQueryTheSummaryViewWithinTheRangeAndParseTheRows() throws Exception {
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing("latest_window_summary")))
            .willReturn(
                okJson(
                    FakeGoogleApis.queryAnswer(
                        """
                        [{"name":"window_start","type":"TIMESTAMP"},{"name":"window_end","type":"TIMESTAMP"},
                         {"name":"users","type":"INTEGER"},{"name":"male","type":"INTEGER"},
                         {"name":"female","type":"INTEGER"},{"name":"other_gender","type":"INTEGER"},
                         {"name":"avg_age","type":"FLOAT"},{"name":"avg_registered_age","type":"FLOAT"},
                         {"name":"pane_timing","type":"STRING"},{"name":"emitted_at","type":"TIMESTAMP"}]""",
                        """
                        [{"f":[{"v":"1.7961192E9"},{"v":"1.79611926E9"},{"v":"5"},{"v":"2"},
                               {"v":"3"},{"v":"0"},{"v":"30.0"},{"v":"5.0"},{"v":"ON_TIME"},
                               {"v":"1.796119265E9"}]},
                         {"f":[{"v":"1.79611926E9"},{"v":"1.79611932E9"},{"v":"6"},{"v":"4"},
                               {"v":"1"},{"v":"1"},{"v":"42.0"},{"v":"8.5"},{"v":"LATE"},
                               {"v":"1.796119355E9"}]}]"""))));

    List<WindowRow> windows = repository.windows(RANGE);

    assertThat(windows)
        .containsExactly(
            new WindowRow(
                at("10:00"), at("10:01"), 5, 2, 3, 0, 30.0, 5.0, "ON_TIME", at("10:01:05")),
            new WindowRow(at("10:01"), at("10:02"), 6, 4, 1, 1, 42.0, 8.5, "LATE", at("10:02:35")));
    assertThat(onlyQuery())
        .contains("FROM `demo-project.demostream.latest_window_summary`")
        .contains("WHERE window_start >= ? AND window_start < ?")
        .as("the range is bound, never spliced into the SQL")
        .doesNotContain("2026-12-01");
    server.verify(
        postRequestedFor(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.useLegacySql", equalTo("false")))
            .withRequestBody(
                matchingJsonPath("$.queryParameters[0].parameterType.type", equalTo("TIMESTAMP")))
            .withRequestBody(
                matchingJsonPath(
                    "$.queryParameters[0].parameterValue.value",
                    equalTo("2026-12-01 10:00:00.000000+00:00")))
            .withRequestBody(
                matchingJsonPath("$.queryParameters[1].parameterType.type", equalTo("TIMESTAMP")))
            .withRequestBody(
                matchingJsonPath(
                    "$.queryParameters[1].parameterValue.value",
                    equalTo("2026-12-01 10:10:00.000000+00:00"))));
  }

  @Test
  void countryWindowsSumTheCountryGenderViewOfOneCountryBoundAsAParameter() throws Exception {
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(
                okJson(
                    FakeGoogleApis.queryAnswer(
                        """
                        [{"name":"window_start","type":"TIMESTAMP"},{"name":"window_end","type":"TIMESTAMP"},
                         {"name":"users","type":"INTEGER"},{"name":"male","type":"INTEGER"},
                         {"name":"female","type":"INTEGER"},{"name":"other_gender","type":"INTEGER"}]""",
                        """
                        [{"f":[{"v":"1.79611926E9"},{"v":"1.79611932E9"},{"v":"5"},{"v":"4"},
                               {"v":"0"},{"v":"1"}]}]"""))));

    assertThat(repository.countryWindows(RANGE, "France"))
        .containsExactly(new CountryWindowRow(at("10:01"), at("10:02"), 5, 4, 0, 1));
    assertThat(onlyQuery())
        .contains("FROM `demo-project.demostream.latest_window_by_country_gender`")
        .contains("WHERE window_start >= ? AND window_start < ?")
        .contains("WHERE country = ?")
        .doesNotContain("France");
    server.verify(
        postRequestedFor(urlPathEqualTo(QUERIES))
            .withRequestBody(
                matchingJsonPath("$.queryParameters[2].parameterType.type", equalTo("STRING")))
            .withRequestBody(
                matchingJsonPath("$.queryParameters[2].parameterValue.value", equalTo("France"))));
  }

  @Test
  void ageGroupsAggregateTilingWindowsOfTheCountryGenderView() throws Exception {
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(
                okJson(
                    FakeGoogleApis.queryAnswer(
                        """
                        [{"name":"country","type":"STRING"},{"name":"gender","type":"STRING"},
                         {"name":"users","type":"INTEGER"},{"name":"age_sum","type":"FLOAT"},
                         {"name":"registered_age_sum","type":"FLOAT"}]""",
                        """
                        [{"f":[{"v":"Brazil"},{"v":"female"},{"v":"4"},{"v":"140.0"},{"v":"19.0"}]},
                         {"f":[{"v":"France"},{"v":"male"},{"v":"5"},{"v":"200.0"},{"v":"50.0"}]}]"""))));

    List<AgeGroupRow> rows = repository.ageGroups(RANGE, AgeGrouping.COUNTRY_GENDER);

    assertThat(rows)
        .extracting(
            AgeGroupRow::country,
            AgeGroupRow::gender,
            AgeGroupRow::users,
            AgeGroupRow::ageSum,
            AgeGroupRow::registeredAgeSum)
        .containsExactly(
            tuple("Brazil", "female", 4L, 140.0, 19.0), tuple("France", "male", 5L, 200.0, 50.0));
    assertThat(onlyQuery())
        .contains("FROM `demo-project.demostream.latest_window_by_country_gender`")
        .contains("window_start >= ? AND window_start < ?")
        .contains(
            "MOD(UNIX_SECONDS(window_start), UNIX_SECONDS(window_end) - UNIX_SECONDS(window_start)) = 0")
        .contains("GROUP BY country, gender");
  }

  @Test
  void ageBandsReadTheAgeBandView() throws Exception {
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(
                okJson(
                    FakeGoogleApis.queryAnswer(
                        """
                        [{"name":"age_band","type":"STRING"},{"name":"users","type":"INTEGER"}]""",
                        """
                        [{"f":[{"v":"25-34"},{"v":"5"}]},{"f":[{"v":"65+"},{"v":"1"}]}]"""))));

    assertThat(repository.ageBands(RANGE))
        .containsExactly(new AgeBandRow("25-34", 5), new AgeBandRow("65+", 1));
    assertThat(onlyQuery())
        .contains("FROM `demo-project.demostream.latest_window_by_age_band`")
        .contains("window_start >= ? AND window_start < ?");
  }

  @Test
  void emptyAnswerIsNoRows() throws Exception {
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(
                okJson(
                    FakeGoogleApis.queryAnswer(
                        "[{\"name\":\"age_band\",\"type\":\"STRING\"},"
                            + "{\"name\":\"users\",\"type\":\"INTEGER\"}]",
                        null))));

    assertThat(repository.ageBands(RANGE)).isEmpty();
  }

  /** The SQL of the one query request sent. */
  private String onlyQuery() throws Exception {
    List<LoggedRequest> requests = server.findAll(postRequestedFor(urlPathEqualTo(QUERIES)));
    assertThat(requests).hasSize(1);
    return new ObjectMapper().readTree(requests.get(0).getBodyAsString()).get("query").asText();
  }
}
