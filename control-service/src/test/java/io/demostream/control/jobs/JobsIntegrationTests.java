package io.demostream.control.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.control.ingest.IngestClient;
import io.demostream.control.resources.ResourceService;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The jobs API over HTTP under concurrency, with the application's own wiring (security, Tomcat,
 * {@link JobService}); only the launcher (a {@link FakeLauncher} whose launch waits at a gate),
 * ingest-service and provisioning are replaced.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "demostream.security.api-token=integration-token",
      "demostream.jobs.poll-interval=20ms",
      "spring.cloud.gcp.project-id=demo-project",
      "spring.cloud.gcp.pubsub.emulator-host=localhost:8085"
    })
class JobsIntegrationTests {

  private static final int CALLERS = 50;
  private static final Path DATA_DIR = tempDir();

  /** Authenticated start requests that have reached the application and not yet been answered. */
  private static final AtomicInteger startsInFlight = new AtomicInteger();

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
  @Autowired ObjectMapper json;
  @LocalServerPort int port;

  @TestConfiguration(proxyBeanMethods = false)
  static class InFlightCounting {

    /** Runs after Spring Security's chain, so it counts only requests that reach the API. */
    @Bean
    Filter startsInFlightFilter() {
      return (request, response, chain) -> {
        boolean start =
            request instanceof jakarta.servlet.http.HttpServletRequest http
                && "POST".equals(http.getMethod())
                && "/api/v1/jobs".equals(http.getRequestURI());
        if (start) {
          startsInFlight.incrementAndGet();
        }
        try {
          chain.doFilter(request, response);
        } finally {
          if (start) {
            startsInFlight.decrementAndGet();
          }
        }
      };
    }
  }

  @Test
  void fiftyConcurrentStartsProduceExactlyOneJob() throws Exception {
    FakeLauncher fake = (FakeLauncher) launcher;
    fake.launchGate = new CountDownLatch(1);
    // The JDK client opens a connection per concurrent request: no pool serialises the callers.
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      answers.add(client.sendAsync(startRequest(), HttpResponse.BodyHandlers.ofString()));
    }

    // The launch API is held until every caller is inside the service: all 50 race the one check.
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> startsInFlight.get() == CALLERS && fake.launchesWaiting.get() >= 1);
    fake.launchGate.countDown();

    List<HttpResponse<String>> responses = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      responses.add(answer.get(1, TimeUnit.MINUTES));
    }
    assertThat(responses.stream().collect(Collectors.groupingBy(HttpResponse::statusCode)))
        .containsOnlyKeys(201, 409)
        .hasEntrySatisfying(201, created -> assertThat(created).hasSize(1))
        .hasEntrySatisfying(409, refused -> assertThat(refused).hasSize(CALLERS - 1));
    assertThat(fake.launchedNames).hasSize(1);
    String launched =
        responses.stream()
            .filter(r -> r.statusCode() == 201)
            .map(r -> body(r).get("id").asText())
            .findFirst()
            .orElseThrow();
    // Every refusal is a conflict problem that names the one job that was started.
    assertThat(responses)
        .filteredOn(r -> r.statusCode() == 409)
        .map(this::body)
        .allSatisfy(
            problem -> {
              assertThat(problem.path("type").asText())
                  .isEqualTo("urn:demostream:problem:conflict");
              assertThat(problem.path("job").path("id").asText()).isEqualTo(launched);
            });
    JsonNode listed = body(client.send(get("/api/v1/jobs"), HttpResponse.BodyHandlers.ofString()));
    assertThat(listed.findValuesAsText("id")).containsExactly(launched);
  }

  private HttpRequest startRequest() {
    return HttpRequest.newBuilder(uri("/api/v1/jobs"))
        .header("Authorization", "Bearer integration-token")
        .header("Content-Type", "application/json")
        .timeout(Duration.ofMinutes(2))
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(1)).GET().build();
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private JsonNode body(HttpResponse<String> response) {
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("jobs-integration");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
