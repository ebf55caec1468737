package io.demostream.control.jobs.flinkcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.jobs.flink.FlinkRestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the Flink cluster launcher rides out a JobManager that fails: an endpoint here answers like
 * Flink's REST API, or with 503s, as each test needs. The happy path runs against a real Flink in
 * {@link FlinkClusterLauncherTests}.
 */
class FlinkClusterLauncherFaultTests {

  private static final String JOB_ID = "0123456789abcdef0123456789abcdef";

  private HttpServer server;
  private final AtomicInteger failuresToServe = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private FlinkClusterLauncher launcher;

  @BeforeEach
  void startFlinkLookalike() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/jobs/overview",
        exchange ->
            answer(
                exchange,
                "{\"jobs\":[{\"jid\":\""
                    + JOB_ID
                    + "\",\"name\":\"demostream-1\",\"state\":\"RUNNING\",\"start-time\":1000}]}"));
    server.createContext(
        "/jobs/" + JOB_ID + "/config",
        exchange ->
            answer(
                exchange,
                "{\"execution-config\":{\"user-config\":"
                    + "{\"windowType\":\"fixed\",\"windowSize\":\"60s\"}}}"));
    server.createContext(
        "/jobs/" + JOB_ID,
        exchange ->
            answer(
                exchange,
                "{\"jid\":\""
                    + JOB_ID
                    + "\",\"name\":\"demostream-1\",\"state\":\"RUNNING\",\"start-time\":1000}"));
    server.start();
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    FlinkClusterProperties properties =
        new FlinkClusterProperties(
            url,
            "",
            Path.of("none.jar"),
            "",
            "synthetic",
            null,
            Duration.ofSeconds(10),
            "",
            "",
            List.of(),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            3,
            Duration.ofMillis(20));
    launcher =
        new FlinkClusterLauncher(
            new FlinkRestClient(url, Duration.ofSeconds(2), Duration.ofSeconds(2)),
            properties,
            new PipelineTarget("demo-project", "s", "", false, "", "jdbc:h2:mem:w", "", ""),
            Clock.systemUTC(),
            meters);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange, String json) throws IOException {
    requests.incrementAndGet();
    boolean fail = failuresToServe.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    byte[] body =
        (fail ? "{\"errors\":[\"JobManager is leaderless\"]}" : json)
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void transientFaultsAreRetriedWithBackoff() {
    failuresToServe.set(2);

    List<LaunchedJob> jobs = launcher.list("demostream");

    assertThat(jobs).singleElement().satisfies(job -> assertThat(job.id()).isEqualTo(JOB_ID));
    assertThat(meters.counter("demostream.flink.retries").count()).isEqualTo(2.0);
    assertThat(jobs.get(0).labels())
        .containsEntry(JobService.MANAGED_BY_LABEL, JobService.MANAGED_BY_VALUE)
        .containsEntry("ds-window-size", "60s");
  }

  @Test
  void jobSeenBeforeIsAnsweredAsLastSeenWithTheFaultInItsStatus() {
    assertThat(launcher.find(JOB_ID).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    failuresToServe.set(100);

    LaunchedJob job = launcher.find(JOB_ID).orElseThrow();

    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    assertThat(job.status().message())
        .contains("cannot be reached", "503", "JobManager is leaderless", "seen at");
    assertThat(launcher.list("demostream")).singleElement();
    assertThat(meters.counter("demostream.flink.faults", "transient", "true").count())
        .isEqualTo(2.0);
  }

  @Test
  void unknownJobWhileUnreachableIsUnavailable() {
    failuresToServe.set(100);

    assertThatThrownBy(() -> launcher.find(JOB_ID))
        .isInstanceOfSatisfying(
            FlinkClusterException.class,
            e -> {
              assertThat(e.isUnavailable()).isTrue();
              assertThat(e.getStatusCode().value()).isEqualTo(503);
              assertThat(e.getBody().getType().toString()).endsWith("flink-unavailable");
            });
    assertThat(requests.get()).isEqualTo(3);
  }
}
