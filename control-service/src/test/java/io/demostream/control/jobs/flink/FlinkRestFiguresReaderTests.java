package io.demostream.control.jobs.flink;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.figures.PipelineFigures;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Flink REST reader against a JobManager's REST answers: recorded from the real pipeline on
 * embedded Flink 1.19 ({@code src/test/resources/flink-1.19-rest}, its README says how), and, for
 * the counters that run did not increment, written in the same shape.
 */
class FlinkRestFiguresReaderTests {

  @RegisterExtension
  static WireMockExtension flink =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  /** The recorded job: Flink's clock said 2026-12-01T17:43:08.513Z ({@code now} in job.json). */
  private static final Instant RECORDED_AT = Instant.ofEpochMilli(1796146988513L);

  private static final String JOB = "a1d9cdbfaffbdf97a6ad1e1f3b9341ac";
  private static final Map<String, String> VERTICES =
      Map.of(
          "source", "d36e7a8b9c24d4e3e47e0a781f622c63",
          "summary", "68c177dfe6ea32575f58f8e14f0baa91",
          "sink", "a3f5d17bf9462aa1013f89c541d06dec");

  // Ids as Flink names them: "<operator>.<namespace>_<name>".
  private static final String PARSED = "ParseUserEvents/ProjectUsers.demographics_users_parsed";
  private static final String DEAD =
      "ParseUserEvents/ProjectUsers.demographics_users_dead_lettered";
  private static final String DROPPED =
      "AggregateDemographics/CombineSummary"
          + ".org_apache_beam_runners_core_LateDataDroppingDoFnRunner_droppedDueToLateness";

  private FlinkRestFiguresReader reader() {
    return new FlinkRestFiguresReader(
        URI.create(flink.baseUrl() + "/"),
        "flink",
        LaunchedJob::id,
        // Generous: the machine running the tests may be busy; WireMock answers at once otherwise.
        Duration.ofSeconds(20),
        Clock.fixed(RECORDED_AT, ZoneOffset.UTC));
  }

  private static LaunchedJob job() {
    return new LaunchedJob(JOB, "demostream-x", JobState.RUNNING, Instant.EPOCH, Map.of());
  }

  private static String recorded(String file) {
    try (InputStream in =
        FlinkRestFiguresReaderTests.class.getResourceAsStream("/flink-1.19-rest/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("Missing recorded answer " + file, e);
    }
  }

  private static String vertexPath(String vertex) {
    return "/jobs/" + JOB + "/vertices/" + VERTICES.get(vertex);
  }

  /** The recorded job: 1618 users parsed, no dead letter, no late drop yet. */
  private static void stubRecordedJob() {
    flink.stubFor(get(urlEqualTo("/jobs/" + JOB)).willReturn(okJson(recorded("job.json"))));
    for (String vertex : VERTICES.keySet()) {
      flink.stubFor(
          get(urlEqualTo(vertexPath(vertex) + "/subtasks/metrics"))
              .willReturn(okJson(recorded(vertex + "-subtasks-metrics.json"))));
      flink.stubFor(
          get(urlEqualTo(vertexPath(vertex) + "/watermarks"))
              .willReturn(okJson(recorded(vertex + "-watermarks.json"))));
    }
    flink.stubFor(
        get(urlPathEqualTo(vertexPath("source") + "/subtasks/metrics"))
            .withQueryParam("agg", equalTo("sum,max"))
            .withQueryParam("get", equalTo(PARSED))
            .willReturn(okJson(recorded("source-subtasks-metrics-values.json"))));
    flink.stubFor(
        get(urlPathEqualTo(vertexPath("summary") + "/subtasks/metrics"))
            .withQueryParam("agg", equalTo("sum,max"))
            .withQueryParam(
                "get",
                equalTo(
                    "AggregateDemographics/ToSummaryRows/ParMultiDo(SummaryRow)"
                        + ".demographics_on_time_window_end_millis"))
            .willReturn(okJson(recorded("summary-subtasks-metrics-values.json"))));
  }

  @Test
  void readsTheRealPipelinesCountersAndTheLowestWatermarkFromFlink() {
    stubRecordedJob();

    PipelineFigures figures = reader().read(job());

    // Summed over the two subtasks (809 each).
    assertThat(figures.usersParsed()).isEqualTo(1618L);
    // Never incremented, so not registered: 0, not an error.
    assertThat(figures.deadLetters()).isZero();
    assertThat(figures.droppedLate()).isZero();
    // The sink's lower subtask, below the summary's 1796146986552.
    assertThat(figures.watermark()).isEqualTo(Instant.ofEpochMilli(1796146982555L));
    assertThat(figures.measuredAt()).isEqualTo(RECORDED_AT);
    // The ids asked for are exactly the ones Flink listed; nothing else is queried for values.
    flink.verify(
        0,
        getRequestedFor(urlPathEqualTo(vertexPath("sink") + "/subtasks/metrics"))
            .withQueryParam("get", matching(".*")));
  }

  @Test
  void sumsDeadLettersAndLateDropsOverSubtasks() {
    String source = "/jobs/" + JOB + "/vertices/v-source";
    String aggregate = "/jobs/" + JOB + "/vertices/v-aggregate";
    flink.stubFor(
        get(urlEqualTo("/jobs/" + JOB))
            .willReturn(
                okJson(
                    """
                    {"jid":"%s","state":"RUNNING","vertices":[
                      {"id":"v-source","parallelism":2,"status":"RUNNING"},
                      {"id":"v-aggregate","parallelism":2,"status":"RUNNING"}]}
                    """
                        .formatted(JOB))));
    flink.stubFor(
        get(urlEqualTo(source + "/subtasks/metrics"))
            .willReturn(
                okJson(
                    "[{\"id\":\"numRecordsIn\"},{\"id\":\"%s\"},{\"id\":\"%s\"}]"
                        .formatted(PARSED, DEAD))));
    flink.stubFor(
        get(urlPathEqualTo(source + "/subtasks/metrics"))
            .withQueryParam("get", equalTo(PARSED + "," + DEAD))
            .willReturn(
                okJson(
                    "[{\"id\":\"%s\",\"sum\":1500.0,\"max\":800.0},{\"id\":\"%s\",\"sum\":12.0,\"max\":7.0}]"
                        .formatted(PARSED, DEAD))));
    flink.stubFor(get(urlEqualTo(source + "/watermarks")).willReturn(okJson("[]")));
    flink.stubFor(
        get(urlEqualTo(aggregate + "/subtasks/metrics"))
            .willReturn(okJson("[{\"id\":\"%s\"},{\"id\":\"numRecordsOut\"}]".formatted(DROPPED))));
    flink.stubFor(
        get(urlPathEqualTo(aggregate + "/subtasks/metrics"))
            .withQueryParam("get", equalTo(DROPPED))
            .willReturn(okJson("[{\"id\":\"%s\",\"sum\":3.0,\"max\":2.0}]".formatted(DROPPED))));
    // Subtasks without a watermark yet say Long.MIN_VALUE: not a figure.
    flink.stubFor(
        get(urlEqualTo(aggregate + "/watermarks"))
            .willReturn(
                okJson(
                    "[{\"id\":\"0.currentInputWatermark\",\"value\":\"-9223372036854775808\"},"
                        + "{\"id\":\"1.currentInputWatermark\",\"value\":\"-9223372036854775808\"}]")));

    PipelineFigures figures = reader().read(job());

    assertThat(figures.usersParsed()).isEqualTo(1500L);
    assertThat(figures.deadLetters()).isEqualTo(12L);
    assertThat(figures.droppedLate()).isEqualTo(3L);
    assertThat(figures.watermark()).isNull();
  }

  @Test
  void aLateUserDroppedByEachOfTheThreeAggregationsCountsOnce() {
    String aggregate = "/jobs/" + JOB + "/vertices/v-aggregate";
    String byCountryGender = DROPPED.replace("CombineSummary", "CombineByCountryGender");
    String byAgeBand = DROPPED.replace("CombineSummary", "CombineByAgeBand");
    flink.stubFor(
        get(urlEqualTo("/jobs/" + JOB))
            .willReturn(
                okJson(
                    """
                    {"jid":"%s","state":"RUNNING","vertices":[
                      {"id":"v-aggregate","parallelism":2,"status":"RUNNING"}]}
                    """
                        .formatted(JOB))));
    flink.stubFor(
        get(urlEqualTo(aggregate + "/subtasks/metrics"))
            .willReturn(
                okJson(
                    "[{\"id\":\"%s\"},{\"id\":\"%s\"},{\"id\":\"%s\"}]"
                        .formatted(byCountryGender, DROPPED, byAgeBand))));
    // Each of the three combines dropped the same 3 late users.
    flink.stubFor(
        get(urlPathEqualTo(aggregate + "/subtasks/metrics"))
            .withQueryParam("get", matching(".+"))
            .willReturn(
                okJson(
                    ("[{\"id\":\"%s\",\"sum\":3.0},{\"id\":\"%s\",\"sum\":3.0},"
                            + "{\"id\":\"%s\",\"sum\":3.0}]")
                        .formatted(byCountryGender, DROPPED, byAgeBand))));
    flink.stubFor(get(urlEqualTo(aggregate + "/watermarks")).willReturn(okJson("[]")));

    assertThat(reader().read(job()).droppedLate()).isEqualTo(3L);
  }

  @Test
  void anUnknownJobOrAFailingJobManagerIsAnError() {
    flink.stubFor(get(urlEqualTo("/jobs/" + JOB)).willReturn(aResponse().withStatus(404)));
    assertThatThrownBy(() -> reader().read(job())).hasMessageContaining("404");
  }

  @Test
  void anUnreachableJobManagerIsAnError() {
    FlinkRestFiguresReader unreachable =
        new FlinkRestFiguresReader(
            URI.create("http://127.0.0.1:1"),
            "flink",
            LaunchedJob::id,
            Duration.ofSeconds(1),
            Clock.systemUTC());
    assertThatThrownBy(() -> unreachable.read(job())).hasMessageContaining("unreachable");
  }

  @Test
  void beamMetricIdsAreRecognisedAsFlinkNamesThem() {
    assertThat(FlinkRestFiguresReader.isBeamMetric(PARSED, "demographics", "users_parsed"))
        .isTrue();
    assertThat(FlinkRestFiguresReader.isBeamMetric(DEAD, "demographics", "users_parsed")).isFalse();
    // Another namespace that merely ends like ours is not ours.
    assertThat(
            FlinkRestFiguresReader.isBeamMetric(
                "ParseUserEvents/ProjectUsers.old_demographics_users_parsed",
                "demographics",
                "users_parsed"))
        .isFalse();
    assertThat(FlinkRestFiguresReader.isBeamMetricInAnyNamespace(DROPPED, "droppedDueToLateness"))
        .isTrue();
  }
}
