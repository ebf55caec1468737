package io.demostream.pipeline.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An embedded ({@code --flinkMaster=[local]}) Flink cluster as the control-service drives it: a
 * configuration directory that fixes the REST port (a free one), a checkpoint directory, and the
 * REST calls that find the job, read its checkpoints, stop it with a drain and cancel it. See
 * {@code docs/FLINK.md}.
 */
public final class EmbeddedFlink {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int restPort;
  private final Path confDir;
  private final Path checkpoints;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private EmbeddedFlink(int restPort, Path confDir, Path checkpoints) {
    this.restPort = restPort;
    this.confDir = confDir;
    this.checkpoints = checkpoints;
  }

  /** Writes {@code dir/conf/config.yaml} with a free REST port; checkpoints go to {@code dir}. */
  public static EmbeddedFlink in(Path dir) throws IOException {
    return in(dir, java.util.Map.of());
  }

  /**
   * Like {@link #in(Path)}, with {@code configuration} (Flink keys and values) in the {@code
   * config.yaml} too, as a Flink image's {@code FLINK_CONF_DIR} holds a deployment's configuration.
   */
  public static EmbeddedFlink in(Path dir, java.util.Map<String, String> configuration)
      throws IOException {
    int port = freePort();
    Path conf = Files.createDirectories(dir.resolve("conf"));
    List<String> lines =
        new java.util.ArrayList<>(
            List.of(
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + port,
                "rest.bind-port: " + port));
    configuration.forEach((key, value) -> lines.add(key + ": \"" + value + "\""));
    lines.add("");
    Files.writeString(
        conf.resolve("config.yaml"), String.join("\n", lines), StandardCharsets.UTF_8);
    return new EmbeddedFlink(port, conf, Files.createDirectories(dir.resolve("checkpoints")));
  }

  /** The configuration directory ({@code --flinkConfDir}). */
  public Path confDir() {
    return confDir;
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The pipeline options that run on this embedded cluster, checkpointing every second. */
  public List<String> options() {
    return List.of(
        "--runner=FlinkRunner",
        "--flinkMaster=[local]",
        "--flinkConfDir=" + confDir,
        "--stateBackendStoragePath=" + checkpoints.toUri(),
        "--checkpointingInterval=1000",
        "--parallelism=2");
  }

  public Path checkpoints() {
    return checkpoints;
  }

  /** Awaits the one job of the embedded cluster in state RUNNING and returns its id. */
  public String awaitRunningJob(Duration timeout) {
    return await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(this::runningJob, Optional::isPresent)
        .get();
  }

  private Optional<String> runningJob() throws IOException, InterruptedException {
    for (JsonNode job : get("/jobs").path("jobs")) {
      if ("RUNNING".equals(job.path("status").asText())) {
        return Optional.of(job.path("id").asText());
      }
    }
    return Optional.empty();
  }

  /** Trigger time (epoch ms) of the job's latest completed checkpoint, or -1. */
  public long latestCompletedCheckpointTriggeredAt(String jobId)
      throws IOException, InterruptedException {
    JsonNode completed = get("/jobs/" + jobId + "/checkpoints").path("latest").path("completed");
    return completed.isMissingNode() || completed.isNull()
        ? -1
        : completed.path("trigger_timestamp").asLong(-1);
  }

  /** Stops the job with a drain: every open window fires, then the job ends FINISHED. */
  public void stopWithDrain(String jobId) throws IOException, InterruptedException {
    post("/jobs/" + jobId + "/stop", "{\"drain\": true}");
  }

  /**
   * Awaits the end of a job the cluster was started for alone ({@code executeAsync} on a local
   * environment, as {@code --flinkMaster=[auto]} outside a cluster): its terminal state, or {@code
   * GONE} when the cluster has shut down with it already.
   */
  public String awaitTerminated(String jobId, Duration timeout) {
    return await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> terminalState(jobId), Optional::isPresent)
        .get();
  }

  private Optional<String> terminalState(String jobId) {
    try {
      String state = get("/jobs/" + jobId).path("state").asText();
      return List.of("FINISHED", "CANCELED", "FAILED").contains(state)
          ? Optional.of(state)
          : Optional.empty();
    } catch (java.net.ConnectException e) {
      return Optional.of("GONE");
    } catch (IOException | InterruptedException e) {
      return Optional.empty();
    }
  }

  /** Cancels the job if the cluster still answers; for test clean-up. */
  public void cancelQuietly(String jobId) {
    try {
      http.send(
          HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
              .method("PATCH", HttpRequest.BodyPublishers.noBody())
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException | InterruptedException e) {
      // The cluster is gone already.
    }
  }

  /** Cancels every job still running, if the cluster answers. */
  public void cancelAllQuietly() {
    try {
      for (JsonNode job : get("/jobs").path("jobs")) {
        cancelQuietly(job.path("id").asText());
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // The cluster is gone already.
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + ": HTTP " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  private JsonNode post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "POST " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + restPort + path);
  }
}
