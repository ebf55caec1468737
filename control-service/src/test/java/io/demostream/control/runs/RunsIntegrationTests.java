package io.demostream.control.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.demostream.control.ingest.IngestClient;
import io.demostream.control.ingest.IngestRequestInvalidException;
import io.demostream.control.jobs.ActiveJobCheck;
import io.demostream.control.jobs.FakeLauncher;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.PipelineLauncher;
import io.demostream.control.resources.ResourceService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A run through the running service over HTTP, with the application's own wiring and state
 * database; only the launcher (a {@link FakeLauncher}), ingest-service and provisioning are
 * replaced.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "management.endpoint.health.show-components=always",
      "demostream.security.api-token=integration-token",
      "demostream.runs.poll-interval=20ms",
      "demostream.jobs.poll-interval=20ms",
      "spring.cloud.gcp.project-id=demo-project",
      "spring.cloud.gcp.pubsub.emulator-host=localhost:8085"
    })
class RunsIntegrationTests {

  static final Path DATA_DIR = tempDir();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("demostream.local.data-dir", DATA_DIR::toString);
  }

  @TestBean(name = "localLauncher")
  PipelineLauncher launcher;

  static PipelineLauncher launcher() {
    return new FakeLauncher();
  }

  @MockitoBean ResourceService resources;
  @MockitoBean IngestClient ingest;
  @Autowired TestRestTemplate rest;
  @Autowired ApplicationContext context;
  @LocalManagementPort int managementPort;

  @Test
  void runStartsTheJobAndIngestionAndStopsBothWhenStopped() {
    assertThat(post("/api/v1/runs", "{\"durationMinutes\":5}", false).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);

    ResponseEntity<JsonNode> started =
        post(
            "/api/v1/runs",
            "{\"durationMinutes\":5,\"source\":\"synthetic\",\"usersPerSecond\":5}",
            true);
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String runId = started.getBody().get("id").asText();

    awaitStep(runId, "await-job-running", "RUNNING");
    String jobId = run(runId).get("jobId").asText();
    ((FakeLauncher) launcher).setState(jobId, JobState.RUNNING);
    awaitStep(runId, "run-for-duration", "RUNNING");
    verify(resources).ensure();
    verify(ingest).start(any());

    assertThat(post("/api/v1/runs/" + runId + "/stop", "", true).getStatusCode())
        .isEqualTo(HttpStatus.ACCEPTED);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "STOPPED".equals(run(runId).get("state").asText()));
    verify(ingest).stop();
    JsonNode jobs = rest.getForObject("/api/v1/jobs", JsonNode.class);
    assertThat(jobs.get(0).get("id").asText()).isEqualTo(jobId);
    assertThat(jobs.get(0).get("state").asText()).isEqualTo("DRAINED");
    assertThat(Files.exists(DATA_DIR.resolve("control-state.mv.db"))).isTrue();
  }

  @Test
  void aRunIngestServiceRefusesIsA400NamingTheRunFieldAndTouchesNothing() {
    willThrow(
            new IngestRequestInvalidException(
                "requestsPerSecond", "requestsPerSecond applies to the randomuser source only"))
        .given(ingest)
        .validate(any());
    int launches = ((FakeLauncher) launcher).launchedNames.size();
    int runs = rest.getForObject("/api/v1/runs", JsonNode.class).size();
    try {
      ResponseEntity<JsonNode> refused =
          post(
              "/api/v1/runs",
              "{\"durationMinutes\":5,\"source\":\"synthetic\",\"requestsPerSecond\":2}",
              true);

      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.getBody().get("field").asText()).isEqualTo("requestsPerSecond");
      assertThat(refused.getBody().get("detail").asText()).contains("randomuser source only");
      verify(resources, never()).ensure();
      verify(ingest, never()).start(any());
      assertThat(((FakeLauncher) launcher).launchedNames).hasSize(launches);
      assertThat(rest.getForObject("/api/v1/runs", JsonNode.class).size()).isEqualTo(runs);
    } finally {
      reset(ingest);
    }
  }

  @Test
  void readinessIncludesTheStateDatabase() {
    JsonNode readiness =
        rest.getForObject(
            "http://localhost:" + managementPort + "/actuator/health/readiness", JsonNode.class);

    assertThat(readiness.get("status").asText()).isEqualTo("UP");
    assertThat(readiness.at("/components/db/status").asText()).isEqualTo("UP");
  }

  @Test
  void theJobServiceGuardsResourceDeletion() {
    assertThat(context.getBean(ActiveJobCheck.class)).isSameAs(context.getBean(JobService.class));
  }

  private JsonNode run(String id) {
    return rest.getForObject("/api/v1/runs/" + id, JsonNode.class);
  }

  private void awaitStep(String runId, String step, String state) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              for (JsonNode node : run(runId).get("steps")) {
                if (node.get("name").asText().equals(step)) {
                  return node.get("state").asText().equals(state);
                }
              }
              return false;
            });
  }

  private ResponseEntity<JsonNode> post(String path, String body, boolean authenticated) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (authenticated) {
      headers.setBearerAuth("integration-token");
    }
    return rest.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("runs-integration");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
