package io.demostream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demostream.ingest.ingestion.IngestionState;
import io.demostream.ingest.ingestion.IngestionStatus;
import io.demostream.ingest.testing.UnreachablePubSub;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The assembled application without any Pub/Sub (its emulator host points at a closed port): the
 * two ports and their security, the health groups and metrics, and back-pressure when Pub/Sub is
 * unreachable.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.cloud.gcp.project-id=demo-project",
      "demostream.security.api-token=app-test-token",
      "demostream.ingest.publish.max-in-flight=200",
      "demostream.ingest.publish.drain-timeout=1s",
      // Give up on unreachable Pub/Sub quickly, so closing the context does not wait a minute.
      "spring.cloud.gcp.pubsub.publisher.retry.total-timeout-seconds=10",
      "spring.cloud.gcp.pubsub.publisher.retry.initial-rpc-timeout-seconds=5",
      "spring.cloud.gcp.pubsub.publisher.retry.max-rpc-timeout-seconds=5"
    })
@AutoConfigureObservability
class IngestApplicationIntegrationTests {

  @LocalServerPort private int port;
  @LocalManagementPort private int managementPort;
  @Autowired private RestClient.Builder restClients;
  private RestClient rest;

  @DynamicPropertySource
  static void unreachablePubSub(DynamicPropertyRegistry registry) {
    UnreachablePubSub.register(registry);
  }

  @BeforeEach
  void client() {
    rest =
        restClients
            // Answer every status with a body instead of throwing, so tests can assert on it.
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
            .build();
  }

  private ResponseEntity<String> get(int port, String path, String token) {
    return rest.get()
        .uri("http://localhost:" + port + path)
        .headers(
            headers -> {
              if (token != null) {
                headers.setBearerAuth(token);
              }
            })
        .retrieve()
        .toEntity(String.class);
  }

  private IngestionStatus status() {
    return rest.get()
        .uri("http://localhost:" + port + "/api/v1/ingestion")
        .header(HttpHeaders.AUTHORIZATION, "Bearer app-test-token")
        .retrieve()
        .body(IngestionStatus.class);
  }

  @Test
  void healthGroupsAndPrometheusAreOpenOnTheManagementPort() {
    assertThat(get(managementPort, "/actuator/health/liveness", null).getBody()).contains("UP");
    assertThat(get(managementPort, "/actuator/health/readiness", null).getBody()).contains("UP");
    ResponseEntity<String> prometheus = get(managementPort, "/actuator/prometheus", null);

    assertThat(prometheus.getStatusCode().value()).isEqualTo(200);
    assertThat(prometheus.getBody())
        .contains("demostream_ingest_running ")
        .contains("demostream_ingest_publish_in_flight ")
        .contains("demostream_ingest_users_fetched_total{source=\"randomuser\"}")
        .contains("demostream_ingest_messages_published_total ")
        .contains("demostream_ingest_publish_failures_total ")
        .contains("demostream_ingest_invalid_records_total{source=\"synthetic\"}")
        .contains("demostream_ingest_publish_latency_seconds");
    assertThat(get(managementPort, "/actuator/env", null).getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void apiPortNeedsTheTokenAndServesNoActuator() {
    assertThat(get(port, "/api/v1/ingestion", null).getStatusCode().value()).isEqualTo(401);
    assertThat(get(port, "/api/v1/ingestion", "wrong").getStatusCode().value()).isEqualTo(401);
    ResponseEntity<String> status = get(port, "/api/v1/ingestion", "app-test-token");
    assertThat(status.getStatusCode().value()).isEqualTo(200);
    assertThat(status.getBody()).contains("\"state\":\"IDLE\"").contains("\"circuit\":\"CLOSED\"");
    assertThat(get(port, "/actuator/prometheus", null).getStatusCode().value()).isEqualTo(404);
  }

  @Test
  @DirtiesContext
  void unreachablePubSubPausesFetchingAtMaxInFlightAndTheApiStaysResponsive() {
    rest.post()
        .uri("http://localhost:" + port + "/api/v1/ingestion/start")
        .header(HttpHeaders.AUTHORIZATION, "Bearer app-test-token")
        .contentType(MediaType.APPLICATION_JSON)
        .body("{\"source\": \"synthetic\", \"usersPerSecond\": 5000}")
        .retrieve()
        .toBodilessEntity();

    await().until(() -> status().counts().usersFetched() >= 200);
    long fetched = status().counts().usersFetched();
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> status().counts().usersFetched() == fetched);
    // One synthetic batch (a twentieth of the rate) may be accepted past the bound.
    assertThat(fetched).isLessThanOrEqualTo(200 + 250);
    assertThat(status().counts().messagesPublished()).isZero();
    assertThat(get(managementPort, "/actuator/prometheus", null).getBody())
        .contains("demostream_ingest_publish_in_flight 200.0");

    rest.post()
        .uri("http://localhost:" + port + "/api/v1/ingestion/stop")
        .header(HttpHeaders.AUTHORIZATION, "Bearer app-test-token")
        .retrieve()
        .toBodilessEntity();
    await().until(() -> status().state() == IngestionState.STOPPED);
    assertThat(status().lastError()).contains("still unacknowledged after the drain timeout");
  }
}
