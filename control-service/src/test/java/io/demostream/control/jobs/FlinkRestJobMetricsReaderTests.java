package io.demostream.control.jobs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Flink REST reader against a JobManager's REST answers, shaped as Flink 1.19 gives them. */
class FlinkRestJobMetricsReaderTests {

  @RegisterExtension
  static WireMockExtension flink =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final String JOB = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  private static final String SOURCE = "cbc357ccb763df2852fee8c4fc7d55f2";
  private static final String AGGREGATE = "90bea66de1c231edf33913ecd54406c1";
  private static final String PARSED =
      "ParseUserEvents/ParseUserEventsFn/ParMultiDo(ParseUserEvents).demographics__users_parsed";
  private static final String DEAD =
      "ParseUserEvents/ParseUserEventsFn/ParMultiDo(ParseUserEvents).demographics__users_dead_lettered";
  private static final String DROPPED =
      "AggregateDemographics/Summaries.org.apache.beam.runners.core.LateDataDroppingDoFnRunner__droppedDueToLateness";

  private FlinkRestJobMetricsReader reader() {
    return new FlinkRestJobMetricsReader(
        URI.create(flink.baseUrl() + "/"),
        "flink",
        LaunchedJob::id,
        // Generous: the machine running the tests may be busy; WireMock answers at once otherwise.
        Duration.ofSeconds(20),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static LaunchedJob job() {
    return new LaunchedJob(JOB, "demostream-x", JobState.RUNNING, Instant.EPOCH, Map.of());
  }

  private static void stubJob() {
    flink.stubFor(
        get(urlEqualTo("/jobs/" + JOB))
            .willReturn(
                okJson(
                    """
                    {"jid":"%s","name":"demostream-x","state":"RUNNING","vertices":[
                      {"id":"%s","name":"Source: ReadUserEvents","parallelism":2,"status":"RUNNING"},
                      {"id":"%s","name":"AggregateDemographics","parallelism":2,"status":"RUNNING"}]}
                    """
                        .formatted(JOB, SOURCE, AGGREGATE))));
    String sourcePath = "/jobs/" + JOB + "/vertices/" + SOURCE;
    String aggregatePath = "/jobs/" + JOB + "/vertices/" + AGGREGATE;
    flink.stubFor(
        get(urlEqualTo(sourcePath + "/subtasks/metrics"))
            .willReturn(
                okJson(
                    "[{\"id\":\"numRecordsIn\"},{\"id\":\"%s\"},{\"id\":\"%s\"}]"
                        .formatted(PARSED, DEAD))));
    flink.stubFor(
        get(urlPathEqualTo(sourcePath + "/subtasks/metrics"))
            .withQueryParam(
                "get", com.github.tomakehurst.wiremock.client.WireMock.containing("users_parsed"))
            .willReturn(
                okJson(
                    "[{\"id\":\"%s\",\"sum\":1500.0,\"max\":800.0},{\"id\":\"%s\",\"sum\":12.0,\"max\":7.0}]"
                        .formatted(PARSED, DEAD))));
    flink.stubFor(
        get(urlEqualTo(sourcePath + "/watermarks"))
            .willReturn(
                okJson(
                    "[{\"id\":\"0.currentInputWatermark\",\"value\":\"-9223372036854775808\"},"
                        + "{\"id\":\"1.currentInputWatermark\",\"value\":\"-9223372036854775808\"}]")));
    flink.stubFor(
        get(urlEqualTo(aggregatePath + "/subtasks/metrics"))
            .willReturn(okJson("[{\"id\":\"%s\"},{\"id\":\"numRecordsOut\"}]".formatted(DROPPED))));
    flink.stubFor(
        get(urlPathEqualTo(aggregatePath + "/subtasks/metrics"))
            .withQueryParam(
                "get", com.github.tomakehurst.wiremock.client.WireMock.containing("dropped"))
            .willReturn(okJson("[{\"id\":\"%s\",\"sum\":3.0,\"max\":2.0}]".formatted(DROPPED))));
    long behind40s = NOW.minusSeconds(40).toEpochMilli();
    long behind25s = NOW.minusSeconds(25).toEpochMilli();
    flink.stubFor(
        get(urlEqualTo(aggregatePath + "/watermarks"))
            .willReturn(
                okJson(
                    "[{\"id\":\"0.currentInputWatermark\",\"value\":\"%d\"},{\"id\":\"1.currentInputWatermark\",\"value\":\"%d\"}]"
                        .formatted(behind40s, behind25s))));
  }

  @Test
  void sumsBeamCountersOverSubtasksAndTakesTheLowestWatermark() {
    stubJob();

    JobFigures figures = reader().read(job());

    assertThat(figures.usersParsed()).isEqualTo(1500L);
    assertThat(figures.deadLetters()).isEqualTo(12L);
    assertThat(figures.droppedLate()).isEqualTo(3L);
    assertThat(figures.watermark()).isEqualTo(NOW.minusSeconds(40));
    assertThat(figures.measuredAt()).isEqualTo(NOW);
  }

  @Test
  void anUnknownJobOrAFailingJobManagerIsAnError() {
    flink.stubFor(get(urlEqualTo("/jobs/" + JOB)).willReturn(aResponse().withStatus(404)));
    assertThatThrownBy(() -> reader().read(job())).hasMessageContaining("404");
  }

  @Test
  void anUnreachableJobManagerIsAnError() {
    FlinkRestJobMetricsReader unreachable =
        new FlinkRestJobMetricsReader(
            URI.create("http://127.0.0.1:1"),
            "flink",
            LaunchedJob::id,
            Duration.ofSeconds(1),
            Clock.systemUTC());
    assertThatThrownBy(() -> unreachable.read(job())).hasMessageContaining("unreachable");
  }

  @Test
  void beamMetricIdsAreRecognisedByNamespaceAndName() {
    assertThat(FlinkRestJobMetricsReader.isBeamMetric(PARSED, "demographics", "users_parsed"))
        .isTrue();
    assertThat(FlinkRestJobMetricsReader.isBeamMetric(DEAD, "demographics", "users_parsed"))
        .isFalse();
  }
}
