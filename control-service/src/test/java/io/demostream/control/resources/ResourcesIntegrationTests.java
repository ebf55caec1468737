package io.demostream.control.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.control.jobs.ActiveJobCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole resources API in the running service with the local launcher and the embedded
 * warehouse: Spring Cloud GCP's admin clients reach the Pub/Sub fake through {@code
 * spring.cloud.gcp.pubsub.emulator-host}, as they would reach the emulator.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "demostream.security.api-token=integration-token",
      "demostream.resources.initial-backoff=10ms"
    })
@AutoConfigureObservability(tracing = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResourcesIntegrationTests {

  static final FakePubSubAdmin PUBSUB = startFake();
  static final Path DATA_DIR = tempDir();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.gcp.pubsub.emulator-host", PUBSUB::hostPort);
    registry.add("spring.cloud.gcp.project-id", () -> "demo-project");
    registry.add("demostream.local.data-dir", DATA_DIR::toString);
  }

  @AfterAll
  static void stopFake() throws InterruptedException {
    PUBSUB.close();
  }

  @Autowired TestRestTemplate rest;
  @Autowired ObjectMapper json;
  @Autowired ApplicationContext context;
  @LocalManagementPort int managementPort;
  @Autowired SwitchableActiveJob activeJob;

  /** Stands in for the jobs feature's check, so a running job can be simulated. */
  @TestConfiguration
  static class ActiveJobConfiguration {

    @Bean
    @Primary
    SwitchableActiveJob switchableActiveJob() {
      return new SwitchableActiveJob();
    }
  }

  static class SwitchableActiveJob implements ActiveJobCheck {

    final AtomicReference<String> jobId = new AtomicReference<>();

    @Override
    public Optional<String> activeJobId() {
      return Optional.ofNullable(jobId.get());
    }
  }

  @Test
  @Order(1)
  void putTwiceCreatesThenChangesNothing() throws Exception {
    JsonNode first = call(HttpMethod.PUT, "/api/v1/resources", true, HttpStatus.OK);
    assertThat(statuses(first, "pubsub-topic")).containsOnly("created");
    assertThat(statuses(first, "pubsub-subscription")).containsOnly("created");
    // The four tables, the three latest-pane tables and two hourly sums tables.
    assertThat(statuses(first, "jdbc-table")).hasSize(9).containsOnly("created");
    assertThat(statuses(first, "jdbc-view")).hasSize(3).containsOnly("created");
    assertThat(statuses(first, "bigquery-dataset")).containsOnly("not-applicable");
    assertThat(statuses(first, "storage-bucket")).containsOnly("not-applicable");
    assertThat(first.get("launcher").asText()).isEqualTo("local");
    assertThat(first.get("warehouse").asText()).isEqualTo("jdbc");

    JsonNode second = call(HttpMethod.PUT, "/api/v1/resources", true, HttpStatus.OK);

    assertThat(StreamSupport.stream(second.get("resources").spliterator(), false))
        .extracting(resource -> resource.get("status").asText())
        .containsOnly("existed", "not-applicable");
    // The users topic and subscription, and the alerts' panes topic, its subscription, alerts
    // topic.
    assertThat(PUBSUB.calls("createTopic")).isEqualTo(3);
    assertThat(PUBSUB.calls("createSubscription")).isEqualTo(2);
    assertThat(PUBSUB.updates).isEmpty();
    assertThat(Files.exists(DATA_DIR.resolve("warehouse.mv.db"))).isTrue();
    // The warehouse pool is not a DataSource bean: Spring's DataSource stays the service's state.
    assertThat(context.getBeansOfType(DataSource.class)).hasSize(1);
    try (Connection connection = context.getBean(DataSource.class).getConnection()) {
      assertThat(connection.getMetaData().getURL())
          .doesNotContain(DATA_DIR.resolve("warehouse").toString());
    }
  }

  @Test
  @Order(2)
  void getReportsWhatExistsWithoutAToken() throws Exception {
    JsonNode report = call(HttpMethod.GET, "/api/v1/resources", false, HttpStatus.OK);

    assertThat(statuses(report, "jdbc-view")).containsOnly("existed");
    assertThat(statuses(report, "pubsub-subscription")).containsOnly("existed");
  }

  @Test
  @Order(3)
  void operationsAreCountedInPrometheus() {
    String metrics =
        rest.getForObject(
            "http://localhost:" + managementPort + "/actuator/prometheus", String.class);

    assertThat(metrics)
        .containsPattern(
            "demostream_control_resources_operations_total\\{[^}]*kind=\"jdbc-table\""
                + "[^}]*operation=\"ensure\"[^}]*outcome=\"created\"[^}]*\\} 9\\.0");
  }

  @Test
  @Order(4)
  void deleteNeedsTheProjectIdAsConfirmation() throws Exception {
    JsonNode missing = call(HttpMethod.DELETE, "/api/v1/resources", true, HttpStatus.BAD_REQUEST);
    assertThat(missing.get("field").asText()).isEqualTo("confirm");
    assertThat(missing.get("type").asText()).isEqualTo("urn:demostream:problem:invalid-request");

    JsonNode wrong =
        call(
            HttpMethod.DELETE,
            "/api/v1/resources?confirm=other-project",
            true,
            HttpStatus.BAD_REQUEST);
    assertThat(wrong.get("field").asText()).isEqualTo("confirm");
  }

  @Test
  @Order(5)
  void deleteIsRefusedWhileAJobRuns() throws Exception {
    activeJob.jobId.set("demostream-20260101-abc");

    JsonNode conflict =
        call(
            HttpMethod.DELETE, "/api/v1/resources?confirm=demo-project", true, HttpStatus.CONFLICT);

    assertThat(conflict.get("jobId").asText()).isEqualTo("demostream-20260101-abc");
    assertThat(PUBSUB.topics).isNotEmpty();
  }

  @Test
  @Order(6)
  void deleteTearsEverythingDown() throws Exception {
    activeJob.jobId.set(null);

    JsonNode deleted =
        call(HttpMethod.DELETE, "/api/v1/resources?confirm=demo-project", true, HttpStatus.OK);

    assertThat(statuses(deleted, "jdbc-table")).containsOnly("deleted");
    assertThat(statuses(deleted, "pubsub-topic")).containsOnly("deleted");
    assertThat(PUBSUB.topics).isEmpty();
    assertThat(PUBSUB.subscriptions).isEmpty();
  }

  @Test
  @Order(7)
  void openApiDocumentIsServedWithoutAToken() {
    ResponseEntity<String> document = rest.getForEntity("/v3/api-docs", String.class);

    assertThat(document.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(document.getBody()).contains("/api/v1/resources", "bearer");
    assertThat(rest.getForEntity("/swagger-ui/index.html", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  @Order(8)
  void livenessIsUpOnTheManagementPort() {
    ResponseEntity<String> liveness =
        rest.getForEntity(
            "http://localhost:" + managementPort + "/actuator/health/liveness", String.class);

    assertThat(liveness.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(
            rest.getForEntity("http://localhost:" + managementPort + "/actuator/env", String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  private JsonNode call(HttpMethod method, String path, boolean authenticated, HttpStatus expected)
      throws IOException {
    HttpHeaders headers = new HttpHeaders();
    if (authenticated) {
      headers.setBearerAuth("integration-token");
    }
    ResponseEntity<String> response =
        rest.exchange(path, method, new HttpEntity<>(headers), String.class);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(expected);
    return json.readTree(response.getBody());
  }

  private static java.util.List<String> statuses(JsonNode report, String kind) {
    return StreamSupport.stream(report.get("resources").spliterator(), false)
        .filter(resource -> resource.get("kind").asText().equals(kind))
        .map(resource -> resource.get("status").asText())
        .toList();
  }

  private static FakePubSubAdmin startFake() {
    try {
      return new FakePubSubAdmin().startOnPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("resources-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
