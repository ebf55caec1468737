package io.demostream.ingest.source;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.demostream.events.EventSource;
import io.demostream.events.testing.Fixtures;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RandomUserSource} and {@link RandomUserClient} against a WireMock randomuser.me. */
class RandomUserSourceTests {

  @RegisterExtension
  static WireMockExtension api =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/api/";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private CircuitBreaker circuitBreaker =
      CircuitBreaker.of(
          "randomuser",
          CircuitBreakerConfig.custom().slidingWindowSize(100).minimumNumberOfCalls(100).build());

  private RandomUserProperties properties(String seed, Duration readTimeout) {
    return new RandomUserProperties(
        URI.create(api.baseUrl() + PATH),
        25,
        1000,
        List.of(),
        seed,
        Duration.ofSeconds(2),
        readTimeout,
        4,
        Duration.ofMillis(10),
        Duration.ofMillis(50),
        Duration.ofSeconds(5));
  }

  private RandomUserSource source(RandomUserProperties properties, List<String> nationalities) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(properties.connectTimeout())
            .build();
    RandomUserClient client =
        new RandomUserClient(http, properties, circuitBreaker, meters, Clock.systemUTC());
    return new RandomUserSource(
        client,
        properties,
        new SourceSettings(EventSource.RANDOMUSER, 1, 1000, 25, nationalities),
        Clock.systemUTC());
  }

  /** A source whose read timeout leaves a loaded machine room; slow responses take far longer. */
  private RandomUserSource source() {
    return source(properties(null, Duration.ofSeconds(2)), List.of());
  }

  private static byte[] fixture(String name) {
    return Fixtures.randomUserResponse(name);
  }

  private long requestsTimed(String outcome) {
    return meters.find("demostream.ingest.api.requests").tag("outcome", outcome).timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }

  @Test
  void everyRealFixtureYieldsAllItsRecordsAsValidUsers() throws Exception {
    for (Path file : Fixtures.randomUserResponses()) {
      api.resetAll();
      byte[] body = Files.readAllBytes(file);
      api.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(new String(body))));

      SourceBatch batch = source().next();

      JsonNode results = JSON.readTree(body).get("results");
      assertThat(batch.users()).as(file.getFileName().toString()).hasSize(results.size());
      assertThat(batch.invalidRecords()).isZero();
      assertThat(batch.requests()).isEqualTo(1);
      for (int i = 0; i < results.size(); i++) {
        assertThat((JsonNode) batch.users().get(i).record()).isEqualTo(results.get(i));
      }
    }
  }

  @Test
  void requestAsksForTheConfiguredCountNationalitiesAndSeedPages() throws Exception {
    api.stubFor(
        get(urlPathEqualTo(PATH)).willReturn(okJson(new String(fixture("results-1.json")))));
    RandomUserSource source =
        source(properties("abc", Duration.ofMillis(500)), List.of("US", "GB"));

    source.next();
    source.next();

    List<LoggedRequest> requests = api.findAll(getRequestedFor(urlPathEqualTo(PATH)));
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).queryParameter("results").firstValue()).isEqualTo("25");
    assertThat(requests.get(0).queryParameter("nat").firstValue()).isEqualTo("US,GB");
    assertThat(requests.get(0).queryParameter("seed").firstValue()).isEqualTo("abc");
    assertThat(requests.get(0).queryParameter("page").firstValue()).isEqualTo("1");
    assertThat(requests.get(1).queryParameter("page").firstValue()).isEqualTo("2");
  }

  @Test
  void serverErrorsAreRetriedUntilTheApiAnswers() throws Exception {
    api.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("503"));
    api.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("flaky")
            .whenScenarioStateIs("503")
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("ok"));
    api.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("flaky")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(new String(fixture("results-25-seed-fixture1.json")))));

    SourceBatch batch = source().next();

    assertThat(batch.users()).hasSize(25);
    assertThat(batch.requests()).isEqualTo(3);
    assertThat(requestsTimed("server_error")).isEqualTo(2);
    assertThat(meters.find("demostream.ingest.api.requests").tag("status", "503").timer())
        .isNotNull();
    assertThat(requestsTimed("success")).isEqualTo(1);
  }

  @Test
  void persistentServerErrorsFailTheFetchAfterMaxAttempts() {
    api.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> source().next())
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("after 4 attempt(s)")
        .hasMessageContaining("HTTP 503")
        .satisfies(e -> assertThat(((SourceUnavailableException) e).requests()).isEqualTo(4));
    api.verify(4, getRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void tooManyRequestsWaitsForRetryAfterBeforeTheNextAttempt() throws Exception {
    api.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("limited")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
            .willSetStateTo("ok"));
    api.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("limited")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(new String(fixture("results-1.json")))));

    SourceBatch batch = source().next();

    assertThat(batch.users()).hasSize(1);
    assertThat(batch.requests()).isEqualTo(2);
    List<LoggedRequest> requests = api.findAll(getRequestedFor(urlPathEqualTo(PATH)));
    long gapMillis =
        requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
    // The configured backoff is 10-50 ms; only Retry-After explains a gap of a second.
    assertThat(gapMillis).isGreaterThanOrEqualTo(950);
    assertThat(requestsTimed("rate_limited")).isEqualTo(1);
  }

  @Test
  void retryAfterLongerThanTheConfiguredMaximumFailsTheFetchWithoutWaiting() {
    api.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

    assertThatThrownBy(() -> source().next())
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("429");
    api.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void responseSlowerThanTheReadTimeoutIsRetried() throws Exception {
    api.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("slow")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(new String(fixture("results-1.json"))).withFixedDelay(6_000))
            .willSetStateTo("fast"));
    api.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("slow")
            .whenScenarioStateIs("fast")
            .willReturn(okJson(new String(fixture("results-1.json")))));

    SourceBatch batch = source().next();

    assertThat(batch.users()).hasSize(1);
    assertThat(batch.requests()).isEqualTo(2);
    assertThat(requestsTimed("timeout")).isEqualTo(1);
  }

  @Test
  void alwaysSlowApiFailsTheFetchAsTimedOut() {
    api.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(okJson(new String(fixture("results-1.json"))).withFixedDelay(1_000)));
    RandomUserProperties twoAttempts =
        new RandomUserProperties(
            URI.create(api.baseUrl() + PATH),
            25,
            1000,
            List.of(),
            null,
            Duration.ofSeconds(2),
            Duration.ofMillis(200),
            2,
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            Duration.ofSeconds(5));

    assertThatThrownBy(() -> source(twoAttempts, List.of()).next())
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("timed out");
    assertThat(requestsTimed("timeout")).isEqualTo(2);
  }

  @Test
  void malformedJsonIsReportedAsOneInvalidRecordAndNotRetried() throws Exception {
    api.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"results\": [ {\"gender\": ")));

    SourceBatch batch = source().next();

    assertThat(batch.users()).isEmpty();
    assertThat(batch.responseRejected()).isTrue();
    assertThat(batch.invalidRecords()).isEqualTo(1);
    assertThat(batch.problem()).contains("malformed API response").contains("INVALID_JSON");
    api.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void apiErrorBodyIsReportedAsInvalid() throws Exception {
    api.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(okJson("{\"error\": \"Uh oh, something has gone wrong.\"}")));

    SourceBatch batch = source().next();

    assertThat(batch.users()).isEmpty();
    assertThat(batch.invalidRecords()).isEqualTo(1);
    assertThat(batch.problem()).contains("API_ERROR");
  }

  @Test
  void invalidRecordIsSkippedAndTheRestOfTheResponseKept() throws Exception {
    ObjectNode response = (ObjectNode) JSON.readTree(fixture("results-25-seed-fixture1.json"));
    ((ObjectNode) response.get("results").get(3)).remove("dob");
    api.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(response.toString())));

    SourceBatch batch = source().next();

    assertThat(batch.users()).hasSize(24);
    assertThat(batch.rejectedRecords()).isEqualTo(1);
    assertThat(batch.responseRejected()).isFalse();
    assertThat(batch.problem()).contains("results[3].dob");
  }

  @Test
  void emptyResultListIsAnEmptyBatch() throws Exception {
    api.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(okJson("{\"results\": [], \"info\": {\"seed\": \"x\", \"results\": 0}}")));

    SourceBatch batch = source().next();

    assertThat(batch.users()).isEmpty();
    assertThat(batch.invalidRecords()).isZero();
    assertThat(batch.problem()).isNull();
  }

  @Test
  void clientErrorIsNotRetried() {
    api.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400)));

    assertThatThrownBy(() -> source().next())
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("HTTP 400");
    api.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void repeatedFailuresOpenTheCircuitAndStopCallingTheApi() {
    circuitBreaker =
        CircuitBreaker.of(
            "randomuser",
            CircuitBreakerConfig.custom()
                .slidingWindowSize(4)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(5))
                .build());
    api.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500)));
    RandomUserSource source = source();

    assertThatThrownBy(source::next).isInstanceOf(SourceUnavailableException.class);
    assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    int callsSoFar = api.findAll(getRequestedFor(urlPathEqualTo(PATH))).size();

    assertThatThrownBy(source::next)
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("circuit breaker is OPEN")
        .satisfies(e -> assertThat(((SourceUnavailableException) e).requests()).isZero());
    api.verify(callsSoFar, getRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void unreachableApiIsAnIoFailure() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    RandomUserProperties unreachable =
        new RandomUserProperties(
            URI.create("http://127.0.0.1:" + closedPort + PATH),
            25,
            1000,
            List.of(),
            null,
            Duration.ofMillis(500),
            Duration.ofMillis(500),
            2,
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            Duration.ofSeconds(5));

    assertThatThrownBy(() -> source(unreachable, List.of()).next())
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("I/O error");
    assertThat(requestsTimed("io_error")).isEqualTo(2);
  }
}
