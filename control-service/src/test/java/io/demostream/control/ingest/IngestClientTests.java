package io.demostream.control.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.client.RestClient;

/** The ingest-service client against WireMock standing in for ingest-service. */
class IngestClientTests {

  @RegisterExtension
  static WireMockExtension ingest =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String RUNNING =
      """
      {"state":"RUNNING","source":"synthetic","startedAt":"2026-11-27T22:00:00Z",
       "counts":{"requests":0,"usersFetched":12,"messagesPublished":12,"publishFailures":0,
       "invalidRecords":0},"circuit":"CLOSED","lastError":null,"extra":"ignored"}
      """;
  private static final String STOPPED =
      """
      {"state":"STOPPED","source":"synthetic","counts":{"messagesPublished":40}}
      """;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private IngestClient client;

  @BeforeEach
  void createClient() {
    // Generous: on a loaded machine a slow answer must not become a retry the test did not ask for.
    client = client(Duration.ofSeconds(15));
  }

  private IngestClient client(Duration readTimeout) {
    IngestClientProperties properties =
        new IngestClientProperties(
            URI.create(ingest.baseUrl()),
            "ingest-secret",
            Duration.ofSeconds(1),
            readTimeout,
            4,
            Duration.ofMillis(10));
    return new IngestClient(properties, RestClient.builder(), meters);
  }

  @Test
  void startPostsTheParametersWithTheBearerToken() {
    ingest.stubFor(post("/api/v1/ingestion/start").willReturn(okJson(RUNNING)));

    IngestionStatus status =
        client.start(
            new IngestionStartRequest("synthetic", 50, null, null, List.of("FR", "DE"), 600L));

    assertThat(status.running()).isTrue();
    assertThat(status.counts()).containsEntry("messagesPublished", 12);
    ingest.verify(
        postRequestedFor(urlEqualTo("/api/v1/ingestion/start"))
            .withHeader("Authorization", equalTo("Bearer ingest-secret"))
            .withRequestBody(
                equalToJson(
                    """
                    {"source":"synthetic","usersPerSecond":50,"nationalities":["FR","DE"],
                     "durationSeconds":600}
                    """)));
    assertThat(
            meters
                .timer("demostream.ingest.calls", "operation", "start", "outcome", "success")
                .count())
        .isEqualTo(1);
  }

  @Test
  void validateAsksForADryRunAndAcceptsA200() {
    ingest.stubFor(
        post("/api/v1/ingestion/start?dryRun=true")
            .willReturn(okJson("{\"source\":\"synthetic\",\"usersPerSecond\":50}")));

    client.validate(new IngestionStartRequest("synthetic", 50, null, null, null, 60L));

    ingest.verify(
        1,
        postRequestedFor(urlEqualTo("/api/v1/ingestion/start?dryRun=true"))
            .withHeader("Authorization", equalTo("Bearer ingest-secret"))
            .withRequestBody(
                equalToJson(
                    "{\"source\":\"synthetic\",\"usersPerSecond\":50,\"durationSeconds\":60}")));
    ingest.verify(0, postRequestedFor(urlEqualTo("/api/v1/ingestion/start")));
  }

  @Test
  void validateTurnsTheDryRunsProblemIntoTheFieldAtFault() {
    ingest.stubFor(
        post("/api/v1/ingestion/start?dryRun=true")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        """
                        {"type":"urn:demostream:problem:invalid-parameter","title":"Invalid parameter",
                         "status":400,"detail":"requestsPerSecond applies to the randomuser source only",
                         "field":"requestsPerSecond",
                         "errors":[{"field":"requestsPerSecond",
                                    "message":"applies to the randomuser source only"}]}
                        """)));

    assertThatThrownBy(
            () ->
                client.validate(new IngestionStartRequest("synthetic", null, 2.0, null, null, 60L)))
        .isInstanceOfSatisfying(
            IngestRequestInvalidException.class,
            e -> {
              assertThat(e.field()).isEqualTo("requestsPerSecond");
              assertThat(e.getMessage()).contains("applies to the randomuser source only");
            });
    // A refusal is an answer, not a fault: asked once.
    ingest.verify(1, postRequestedFor(urlEqualTo("/api/v1/ingestion/start?dryRun=true")));
    assertThat(
            meters
                .timer(
                    "demostream.ingest.calls", "operation", "validate", "outcome", "client-error")
                .count())
        .isEqualTo(1);
  }

  @Test
  void validateFailsAsAnIngestFaultWhenTheServiceCannotAnswer() {
    ingest.stubFor(
        post("/api/v1/ingestion/start?dryRun=true").willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(
            () -> client.validate(new IngestionStartRequest("synthetic", 5, null, null, null, 60L)))
        .isInstanceOfSatisfying(
            IngestClientException.class, e -> assertThat(e.status()).isEqualTo(503));
    ingest.verify(4, postRequestedFor(urlEqualTo("/api/v1/ingestion/start?dryRun=true")));
  }

  @Test
  void stopAndStatusReadTheAnswer() {
    ingest.stubFor(post("/api/v1/ingestion/stop").willReturn(okJson(STOPPED)));
    ingest.stubFor(get("/api/v1/ingestion").willReturn(okJson(RUNNING)));

    assertThat(client.stop().state()).isEqualTo("STOPPED");
    assertThat(client.status().source()).isEqualTo("synthetic");
    ingest.verify(1, postRequestedFor(urlEqualTo("/api/v1/ingestion/stop")));
    ingest.verify(1, getRequestedFor(urlEqualTo("/api/v1/ingestion")));
  }

  @Test
  void serverErrorsAreRetriedUntilTheServiceAnswers() {
    ingest.stubFor(
        post("/api/v1/ingestion/stop")
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("second"));
    ingest.stubFor(
        post("/api/v1/ingestion/stop")
            .inScenario("flaky")
            .whenScenarioStateIs("second")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("healthy"));
    ingest.stubFor(
        post("/api/v1/ingestion/stop")
            .inScenario("flaky")
            .whenScenarioStateIs("healthy")
            .willReturn(okJson(STOPPED)));

    assertThat(client.stop().state()).isEqualTo("STOPPED");
    ingest.verify(3, postRequestedFor(urlEqualTo("/api/v1/ingestion/stop")));
    assertThat(meters.counter("demostream.ingest.retries").count()).isEqualTo(2);
  }

  @Test
  void persistentServerErrorsGiveUpAfterTheLastAttempt() {
    ingest.stubFor(get("/api/v1/ingestion").willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(client::status)
        .isInstanceOf(IngestClientException.class)
        .satisfies(e -> assertThat(((IngestClientException) e).status()).isEqualTo(500));
    ingest.verify(4, getRequestedFor(urlEqualTo("/api/v1/ingestion")));
    assertThat(
            meters
                .timer("demostream.ingest.calls", "operation", "status", "outcome", "server-error")
                .count())
        .isEqualTo(1);
  }

  @Test
  void slowAnswersTimeOutAndAreRetried() {
    IngestClient impatient = client(Duration.ofMillis(200));
    ingest.stubFor(get("/api/v1/ingestion").willReturn(okJson(RUNNING).withFixedDelay(1_000)));

    assertThatThrownBy(impatient::status)
        .isInstanceOf(IngestClientException.class)
        .hasMessageContaining("cannot be reached")
        .satisfies(e -> assertThat(((IngestClientException) e).status()).isZero());
    ingest.verify(4, getRequestedFor(urlEqualTo("/api/v1/ingestion")));
  }

  @Test
  void unreachableServiceIsNamedAsSuch() {
    IngestClientProperties nowhere =
        new IngestClientProperties(
            URI.create("http://localhost:1"),
            "",
            Duration.ofMillis(500),
            Duration.ofMillis(500),
            2,
            Duration.ofMillis(10));

    assertThatThrownBy(() -> new IngestClient(nowhere, RestClient.builder(), meters).stop())
        .isInstanceOf(IngestClientException.class)
        .hasMessageContaining("cannot be reached (ConnectException)");
    assertThat(
            meters
                .timer("demostream.ingest.calls", "operation", "stop", "outcome", "io-error")
                .count())
        .isEqualTo(1);
  }

  @Test
  void unauthorizedIsSurfacedAtOnce() {
    ingest.stubFor(
        post("/api/v1/ingestion/start")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        """
                        {"type":"urn:demostream:problem:unauthorized","status":401,
                         "detail":"Send 'Authorization: Bearer <token>'"}
                        """)));

    assertThatThrownBy(
            () -> client.start(new IngestionStartRequest(null, null, null, null, null, null)))
        .isInstanceOf(IngestClientException.class)
        .hasMessageContaining("demostream.ingest.api-token")
        .hasMessageContaining("Send 'Authorization")
        .satisfies(e -> assertThat(((IngestClientException) e).status()).isEqualTo(401));
    ingest.verify(1, postRequestedFor(urlEqualTo("/api/v1/ingestion/start")));
    assertThat(meters.counter("demostream.ingest.retries").count()).isZero();
  }

  @Test
  void conflictAfterALostStartAnswerMeansOurStartWorked() {
    // The first attempt started ingestion but its answer was lost; the retry finds it running.
    ingest.stubFor(
        post("/api/v1/ingestion/start")
            .inScenario("lost answer")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(502))
            .willSetStateTo("running"));
    ingest.stubFor(
        post("/api/v1/ingestion/start")
            .inScenario("lost answer")
            .whenScenarioStateIs("running")
            .willReturn(aResponse().withStatus(409)));
    ingest.stubFor(get("/api/v1/ingestion").willReturn(okJson(RUNNING)));

    assertThat(
            client
                .start(new IngestionStartRequest("synthetic", 5, null, null, null, 60L))
                .running())
        .isTrue();
    ingest.verify(2, postRequestedFor(urlEqualTo("/api/v1/ingestion/start")));
  }

  @Test
  void conflictIsNotRetried() {
    ingest.stubFor(post("/api/v1/ingestion/start").willReturn(aResponse().withStatus(409)));

    assertThatThrownBy(
            () -> client.start(new IngestionStartRequest(null, null, null, null, null, null)))
        .isInstanceOf(IngestClientException.class)
        .satisfies(e -> assertThat(((IngestClientException) e).conflict()).isTrue());
    ingest.verify(1, postRequestedFor(urlEqualTo("/api/v1/ingestion/start")));
  }
}
