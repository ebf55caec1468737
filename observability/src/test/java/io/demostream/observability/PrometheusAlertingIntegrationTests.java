package io.demostream.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.events.testing.PubSubEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus against the real services: ingest-service and control-service run from their
 * built jars on free ports, on the Pub/Sub emulator, with the local launcher running the pipeline's
 * bundled jar. Prometheus loads {@code prometheus/rules/demostream.rules.yml} rewritten only in its
 * {@code for:} durations and rate windows (seconds instead of minutes) and scrapes every 2 s.
 * Through Prometheus' query API the test checks that both services' series were scraped, that the
 * pipeline's own figures arrive while a run is active, that every metric the dashboard and the
 * rules use really exists, and that {@code DemostreamIngestionStalled} fires once ingestion is
 * stopped during the run. Skips, saying why, without prometheus, the jars or an emulator.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusAlertingIntegrationTests {

  private static final Path REPOSITORY = Promtool.OBSERVABILITY.getParent();
  private static final Path INGEST_JAR =
      REPOSITORY.resolve("ingest-service/target/ingest-service.jar");
  private static final Path CONTROL_JAR =
      REPOSITORY.resolve("control-service/target/control-service.jar");
  private static final Path PIPELINE_JAR =
      REPOSITORY.resolve("pipeline/target/pipeline-bundled.jar");
  private static final String CONTROL_TOKEN = "control-test-token";
  private static final String INGEST_TOKEN = "ingest-test-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path work;

  private static final List<Process> processes = new ArrayList<>();
  private static int ingestPort;
  private static int ingestManagement;
  private static int controlPort;
  private static int controlManagement;
  private static int prometheusPort;
  private static String runId;

  @BeforeAll
  static void startEverything() throws Exception {
    assumeTrue(
        present(Promtool.binary("prometheus").isPresent(), "prometheus not installed"),
        "prometheus not installed");
    for (Path jar : List.of(INGEST_JAR, CONTROL_JAR, PIPELINE_JAR)) {
      assumeTrue(
          present(Files.isRegularFile(jar), jar + " not built (./mvnw package)"),
          jar + " not built");
    }
    String emulator = PubSubEmulator.hostPort().orElse(null);
    assumeTrue(
        present(emulator != null, "no Pub/Sub emulator: " + PubSubEmulator.skipReason()),
        "no emulator");

    ingestPort = freePort();
    ingestManagement = freePort();
    controlPort = freePort();
    controlManagement = freePort();
    prometheusPort = freePort();
    Map<String, String> common =
        Map.of(
            "SPRING_CLOUD_GCP_PUBSUB_EMULATORHOST",
            emulator,
            "SPRING_CLOUD_GCP_PROJECTID",
            "demo-project");
    start(
        "ingest-service",
        common,
        Map.of("DEMOSTREAM_SECURITY_APITOKEN", INGEST_TOKEN),
        "-Xmx256m",
        "-jar",
        INGEST_JAR.toString(),
        "--server.port=" + ingestPort,
        "--management.server.port=" + ingestManagement);
    start(
        "control-service",
        common,
        Map.of(
            "DEMOSTREAM_SECURITY_APITOKEN", CONTROL_TOKEN,
            "DEMOSTREAM_INGEST_APITOKEN", INGEST_TOKEN),
        "-Xmx384m",
        "-jar",
        CONTROL_JAR.toString(),
        "--server.port=" + controlPort,
        "--management.server.port=" + controlManagement,
        "--demostream.local.data-dir=" + work.resolve("data"),
        "--demostream.local.pipeline-jar=" + PIPELINE_JAR,
        "--demostream.local.jvm-options=-Xmx384m",
        // The DirectRunner starts in seconds; the Flink path of the figures is LocalLauncherTests'.
        "--demostream.local.runner=direct",
        "--demostream.ingest.url=http://127.0.0.1:" + ingestPort,
        "--demostream.pipeline-metrics.refresh-interval=2s",
        "--demostream.runs.poll-interval=200ms");
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(get("http://127.0.0.1:" + ingestManagement + "/actuator/health/readiness"))
                  .contains("UP");
              assertThat(
                      get("http://127.0.0.1:" + controlManagement + "/actuator/health/readiness"))
                  .contains("UP");
            });
    // Prometheus starts once both services are ready: started earlier, it would see them down
    // for longer than the shortened for: of DemostreamServiceDown while they start under load.
    Path config = writePrometheusConfig();
    start(
        "prometheus",
        Map.of(),
        Map.of(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + work.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + prometheusPort);
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> assertThat(get("http://127.0.0.1:" + prometheusPort + "/-/ready")).isNotEmpty());
  }

  private static boolean present(boolean condition, String reason) {
    if (!condition) {
      System.out.println("[PrometheusAlertingIntegrationTests] skipped: " + reason);
    }
    return condition;
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (runId != null) {
      // Cancel the run's job first: the pipeline is a child JVM of control-service.
      try {
        JsonNode run = JSON.readTree(get(control("/api/v1/runs/" + runId)));
        String jobId = run.path("jobId").asText("");
        if (!jobId.isEmpty()) {
          post(control("/api/v1/jobs/" + jobId + "/cancel"), CONTROL_TOKEN, "");
        }
      } catch (Exception e) {
        System.out.println("[PrometheusAlertingIntegrationTests] cancel failed: " + e);
      }
    }
    // Prometheus first, then control-service (and its pipeline child), then ingest-service.
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    }
    for (Process process : processes) {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }

  @Test
  @Order(1)
  void bothServicesAreScraped() throws Exception {
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(value("up{job=\"ingest-service\"}")).isEqualTo(1.0);
              assertThat(value("up{job=\"control-service\"}")).isEqualTo(1.0);
              assertThat(query("demostream_ingest_messages_published_total")).isNotEmpty();
              assertThat(query("demostream_runs_active")).isNotEmpty();
              assertThat(query("jvm_memory_used_bytes{job=\"control-service\"}")).isNotEmpty();
            });
    assertThat(firing("DemostreamServiceDown")).isFalse();
  }

  @Test
  @Order(2)
  void aRunsPipelineFiguresReachPrometheusAndStoppedIngestionFiresTheAlert() throws Exception {
    String body =
        """
        {"durationMinutes":30,"source":"synthetic","usersPerSecond":20,
         "job":{"windowSize":"10s","allowedLateness":"0s","earlyFiringInterval":"2s"}}
        """;
    JsonNode run = JSON.readTree(post(control("/api/v1/runs"), CONTROL_TOKEN, body));
    runId = run.path("id").asText();
    assertThat(runId).isNotEmpty();

    // Ingestion runs and the pipeline's own figures arrive through control-service.
    await()
        .atMost(Duration.ofMinutes(6))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              assertThat(value("max(demostream_runs_active)")).isEqualTo(1.0);
              assertThat(value("sum(rate(demostream_ingest_messages_published_total[20s]))"))
                  .isPositive();
              assertThat(value("max(demostream_pipeline_users_parsed_total)")).isPositive();
              assertThat(value("max(demostream_pipeline_metrics_up)")).isEqualTo(1.0);
              assertThat(value("max(demostream_pipeline_job_state{state=\"RUNNING\"})"))
                  .isEqualTo(1.0);
              assertThat(value("max(demostream_pipeline_watermark_lag_seconds)")).isNotNaN();
            });
    assertThat(firing("DemostreamIngestionStalled")).isFalse();
    assertThat(firing("DemostreamPipelineJobNotRunning")).isFalse();
    everyMetricOfTheDashboardAndRulesExists();

    post("http://127.0.0.1:" + ingestPort + "/api/v1/ingestion/stop", INGEST_TOKEN, "");

    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> firing("DemostreamIngestionStalled"));
  }

  /** Every metric name the dashboard and the alert rules use is one the services export. */
  private void everyMetricOfTheDashboardAndRulesExists() throws Exception {
    Set<String> exported = new TreeSet<>();
    JSON.readTree(get(prometheus("/api/v1/label/__name__/values")))
        .path("data")
        .forEach(name -> exported.add(name.asText()));
    Set<String> used = new TreeSet<>();
    Pattern metric =
        Pattern.compile("\\b(demostream_[a-z_]+|resilience4j_[a-z_]+|jvm_[a-z_]+|process_[a-z_]+)");
    for (Path file :
        List.of(
            Promtool.OBSERVABILITY.resolve("grafana/dashboards/demostream.json"),
            Promtool.RULES_DIR.resolve("demostream.rules.yml"))) {
      Matcher matcher = metric.matcher(Files.readString(file));
      while (matcher.find()) {
        used.add(matcher.group(1));
      }
    }
    assertThat(used).hasSizeGreaterThan(10);
    assertThat(exported).containsAll(used);
    // And every dashboard query is valid PromQL.
    for (JsonNode panel :
        JSON.readTree(Promtool.OBSERVABILITY.resolve("grafana/dashboards/demostream.json").toFile())
            .path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        JsonNode answer =
            JSON.readTree(
                get(prometheus("/api/v1/query?query=" + encode(target.path("expr").asText()))));
        assertThat(answer.path("status").asText())
            .as(target.path("expr").asText())
            .isEqualTo("success");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static Path writePrometheusConfig() throws IOException {
    // The real rules, with durations short enough for a test: for: 5m -> 10s, [5m] -> [20s].
    String rules =
        Files.readString(Promtool.RULES_DIR.resolve("demostream.rules.yml"))
            .replaceAll("for: \\d+m", "for: 10s")
            .replaceAll("\\[\\d+m\\]", "[20s]");
    Path rulesFile = work.resolve("rules.yml");
    Files.writeString(rulesFile, rules);
    String config =
        """
        global:
          scrape_interval: 2s
          evaluation_interval: 2s
        rule_files:
          - %s
        scrape_configs:
          - job_name: ingest-service
            metrics_path: /actuator/prometheus
            static_configs:
              - targets: ["127.0.0.1:%d"]
          - job_name: control-service
            metrics_path: /actuator/prometheus
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(rulesFile, ingestManagement, controlManagement);
    Path file = work.resolve("prometheus.yml");
    Files.writeString(file, config);
    return file;
  }

  private static void start(
      String name, Map<String, String> env, Map<String, String> moreEnv, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (name.equals("prometheus")) {
      command.add(Promtool.binary("prometheus").orElseThrow().toString());
    } else {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(name + ".log").toFile());
    builder.environment().putAll(env);
    builder.environment().putAll(moreEnv);
    processes.add(builder.start());
    System.out.println(
        "[PrometheusAlertingIntegrationTests] started "
            + name
            + ", log "
            + work.resolve(name + ".log"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String control(String path) {
    return "http://127.0.0.1:" + controlPort + path;
  }

  private static String prometheus(String path) {
    return "http://127.0.0.1:" + prometheusPort + path;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static JsonNode query(String promql) throws Exception {
    JsonNode answer = JSON.readTree(get(prometheus("/api/v1/query?query=" + encode(promql))));
    assertThat(answer.path("status").asText()).isEqualTo("success");
    return answer.path("data").path("result");
  }

  /** The single value of an instant query; fails while it has no result. */
  private static double value(String promql) throws Exception {
    JsonNode result = query(promql);
    assertThat(result).as(promql).hasSize(1);
    return Double.parseDouble(result.get(0).path("value").get(1).asText());
  }

  private static boolean firing(String alert) throws Exception {
    for (JsonNode each :
        JSON.readTree(get(prometheus("/api/v1/alerts"))).path("data").path("alerts")) {
      if (alert.equals(each.path("labels").path("alertname").asText())
          && "firing".equals(each.path("state").asText())) {
        return true;
      }
    }
    return false;
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  private static String post(String url, String token, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + " " + response.body()).isBetween(200, 299);
    return response.body();
  }
}
