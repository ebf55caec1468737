package io.demostream.control.jobs.flink;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * Calls one Flink JobManager's REST API over one HTTP client; make one per JobManager (per job for
 * the local backend's embedded clusters) and keep it. Every failure is a {@link FlinkRestException}
 * that says whether it is worth retrying; retrying is the caller's choice, since a jar run or a
 * stop must not be repeated blindly. Uploads and jar runs get their own, longer read timeout: Flink
 * answers a run only once the program's {@code main} has built and submitted the job graph.
 */
public class FlinkRestClient {

  private final URI baseUrl;
  private final RestClient http;
  private final RestClient submitHttp;

  /**
   * @param baseUrl the JobManager's REST address, e.g. {@code http://flink-jobmanager:8081}
   * @param requestTimeout connect and read timeout of ordinary calls
   * @param submitTimeout read timeout of jar uploads and runs
   */
  public FlinkRestClient(URI baseUrl, Duration requestTimeout, Duration submitTimeout) {
    this.baseUrl = baseUrl;
    // One HTTP client (its connections and selector thread) for both kinds of call.
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(requestTimeout)
            .build();
    this.http = client(client, baseUrl, requestTimeout);
    this.submitHttp = client(client, baseUrl, submitTimeout);
  }

  private static RestClient client(HttpClient client, URI baseUrl, Duration readTimeout) {
    JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(client);
    requestFactory.setReadTimeout(readTimeout);
    return RestClient.builder()
        .baseUrl(baseUrl.toString())
        .requestFactory(requestFactory)
        .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
        .build();
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** Every job the cluster knows, running and recently ended ({@code GET /jobs/overview}). */
  public List<FlinkJob> jobs() {
    JsonNode overview = call("list jobs", () -> http.get().uri("/jobs/overview").retrieve());
    List<FlinkJob> jobs = new ArrayList<>();
    for (JsonNode job : overview.path("jobs")) {
      jobs.add(job(job));
    }
    return jobs;
  }

  /** The job, or empty if the cluster does not know it (any more). */
  public Optional<FlinkJob> job(String jobId) {
    try {
      return Optional.of(
          job(call("get job " + jobId, () -> http.get().uri("/jobs/{id}", jobId).retrieve())));
    } catch (FlinkRestException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The job's user configuration ({@code execution-config.user-config} of {@code GET
   * /jobs/<id>/config}): for a Beam pipeline, its pipeline options by name.
   */
  public Map<String, String> userConfig(String jobId) {
    JsonNode config =
        call(
            "get job config " + jobId, () -> http.get().uri("/jobs/{id}/config", jobId).retrieve());
    Map<String, String> options = new LinkedHashMap<>();
    config
        .path("execution-config")
        .path("user-config")
        .fields()
        .forEachRemaining(entry -> options.put(entry.getKey(), entry.getValue().asText()));
    return options;
  }

  /** Uploads a jar ({@code POST /jars/upload}) and returns its id on this cluster. */
  public String uploadJar(Path jar) {
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    body.part("jarfile", new FileSystemResource(jar))
        .contentType(MediaType.parseMediaType("application/x-java-archive"));
    JsonNode answer =
        call(
            "upload " + jar.getFileName(),
            () ->
                submitHttp
                    .post()
                    .uri("/jars/upload")
                    .contentType(MediaType.MULTIPART_FORM_DATA)
                    .body(body.build())
                    .retrieve());
    String filename = answer.path("filename").asText("");
    if (filename.isEmpty()) {
      throw new FlinkRestException(0, "Flink answered the upload without a file name", null);
    }
    // Flink names the upload by its stored path; the id is the file name in it.
    return Path.of(filename).getFileName().toString();
  }

  /** The ids of the jars uploaded to this cluster ({@code GET /jars}). */
  public List<String> jarIds() {
    JsonNode jars = call("list jars", () -> http.get().uri("/jars").retrieve());
    List<String> ids = new ArrayList<>();
    jars.path("files").forEach(file -> ids.add(file.path("id").asText()));
    return ids;
  }

  /**
   * Runs an uploaded jar's main class ({@code POST /jars/<id>/run}) and returns the id of the job
   * it submitted.
   */
  public String runJar(String jarId, JarRun run) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("programArgsList", run.programArgs());
    if (run.entryClass() != null) {
      body.put("entryClass", run.entryClass());
    }
    if (run.parallelism() != null) {
      body.put("parallelism", run.parallelism());
    }
    if (run.savepointPath() != null) {
      body.put("savepointPath", run.savepointPath());
      body.put("allowNonRestoredState", false);
    }
    if (!run.flinkConfiguration().isEmpty()) {
      body.put("flinkConfiguration", run.flinkConfiguration());
    }
    JsonNode answer =
        call(
            "run jar " + jarId,
            () ->
                submitHttp
                    .post()
                    .uri("/jars/{id}/run", jarId)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .retrieve());
    return answer.path("jobid").asText();
  }

  /**
   * Stops the job with a savepoint ({@code POST /jobs/<id>/stop}). With {@code drain}, Flink first
   * advances event time to the end, so every window fires, and the job ends {@code FINISHED}.
   *
   * @param targetDirectory where the savepoint goes; {@code null} for the cluster's {@code
   *     state.savepoints.dir}
   * @return the trigger id to follow with {@link #savepoint}
   */
  public String stop(String jobId, boolean drain, String targetDirectory) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("drain", drain);
    if (targetDirectory != null) {
      body.put("targetDirectory", targetDirectory);
    }
    JsonNode answer =
        call(
            "stop job " + jobId,
            () ->
                http.post()
                    .uri("/jobs/{id}/stop", jobId)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .retrieve());
    return answer.path("request-id").asText();
  }

  /** Progress of a savepoint or stop operation. */
  public SavepointOperation savepoint(String jobId, String triggerId) {
    JsonNode answer =
        call(
            "get savepoint " + triggerId,
            () -> http.get().uri("/jobs/{id}/savepoints/{trigger}", jobId, triggerId).retrieve());
    boolean completed = "COMPLETED".equals(answer.path("status").path("id").asText());
    JsonNode operation = answer.path("operation");
    String failure = null;
    if (operation.hasNonNull("failure-cause")) {
      // The first line of the stack trace names the cause; the rest is Flink's internals.
      failure =
          operation
              .path("failure-cause")
              .path("stack-trace")
              .asText("")
              .lines()
              .findFirst()
              .filter(line -> !line.isBlank())
              .orElse("failed");
    }
    return new SavepointOperation(
        completed, operation.path("location").asText(null), completed ? failure : null);
  }

  /** Cancels the job ({@code PATCH /jobs/<id>?mode=cancel}); Flink answers before it stopped. */
  public void cancel(String jobId) {
    call("cancel job " + jobId, () -> http.patch().uri("/jobs/{id}?mode=cancel", jobId).retrieve());
  }

  /** The external path of the job's latest completed checkpoint, if it has one. */
  public Optional<String> latestCheckpoint(String jobId) {
    JsonNode checkpoints =
        call(
            "get checkpoints " + jobId,
            () -> http.get().uri("/jobs/{id}/checkpoints", jobId).retrieve());
    JsonNode completed = checkpoints.path("latest").path("completed");
    return completed.hasNonNull("external_path")
        ? Optional.of(completed.path("external_path").asText())
        : Optional.empty();
  }

  /**
   * The checkpoint or savepoint the job restored its state from when it started ({@code
   * latest.restored} of {@code GET /jobs/<id>/checkpoints}), empty if it started without state.
   */
  public Optional<String> restoredCheckpoint(String jobId) {
    JsonNode checkpoints =
        call(
            "get checkpoints " + jobId,
            () -> http.get().uri("/jobs/{id}/checkpoints", jobId).retrieve());
    JsonNode restored = checkpoints.path("latest").path("restored");
    return restored.hasNonNull("external_path")
        ? Optional.of(restored.path("external_path").asText())
        : Optional.empty();
  }

  private static FlinkJob job(JsonNode job) {
    long start = job.path("start-time").asLong(-1);
    return new FlinkJob(
        job.path("jid").asText(),
        job.path("name").asText(),
        job.path("state").asText(),
        start > 0 ? Instant.ofEpochMilli(start) : null,
        tasksUp(job));
  }

  /**
   * Whether every task runs or has finished: {@code tasks} in the overview, {@code status-counts}
   * in a job's details; a job without either counts as up.
   */
  private static boolean tasksUp(JsonNode job) {
    JsonNode counts = job.has("tasks") ? job.path("tasks") : job.path("status-counts");
    if (counts.isMissingNode() || !counts.isObject()) {
      return true;
    }
    long total = 0;
    long up = 0;
    for (var field : (Iterable<Map.Entry<String, JsonNode>>) counts::fields) {
      String name = field.getKey().toLowerCase(java.util.Locale.ROOT);
      if ("total".equals(name)) {
        continue;
      }
      total += field.getValue().asLong();
      if ("running".equals(name) || "finished".equals(name)) {
        up += field.getValue().asLong();
      }
    }
    return total == 0 || up == total;
  }

  private JsonNode call(String operation, Supplier<RestClient.ResponseSpec> request) {
    try {
      JsonNode body = request.get().body(JsonNode.class);
      return body == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : body;
    } catch (RestClientResponseException e) {
      throw new FlinkRestException(
          e.getStatusCode().value(),
          "Flink " + operation + " failed with " + e.getStatusCode().value() + errors(e),
          e);
    } catch (ResourceAccessException e) {
      throw new FlinkRestException(
          0, "Flink " + operation + " at " + baseUrl + " got no answer: " + e.getMessage(), e);
    }
  }

  /**
   * Flink's own explanation, the {@code errors} array of its error body: the first line of each
   * entry (Flink appends whole stack traces, and puts the cause of a 500 in the second entry).
   */
  private static String errors(RestClientResponseException e) {
    try {
      JsonNode body = e.getResponseBodyAs(JsonNode.class);
      if (body != null && body.path("errors").isArray() && !body.path("errors").isEmpty()) {
        List<String> lines = new ArrayList<>();
        body.path("errors")
            .forEach(error -> error.asText().lines().findFirst().ifPresent(lines::add));
        return ": " + String.join("; ", lines);
      }
    } catch (RuntimeException ignored) {
      // Not JSON: the status says enough.
    }
    return "";
  }

  /**
   * What {@link #runJar} passes to Flink.
   *
   * @param programArgs the program's arguments, one per element
   * @param entryClass main class, or {@code null} for the jar's manifest
   * @param parallelism job parallelism, or {@code null} for the cluster's default
   * @param savepointPath a savepoint or retained checkpoint to restore from, or {@code null}
   * @param flinkConfiguration job-level configuration, e.g. {@code state.checkpoints.dir}
   */
  public record JarRun(
      List<String> programArgs,
      String entryClass,
      Integer parallelism,
      String savepointPath,
      Map<String, String> flinkConfiguration) {

    public JarRun {
      programArgs = List.copyOf(programArgs);
      flinkConfiguration = flinkConfiguration == null ? Map.of() : Map.copyOf(flinkConfiguration);
    }
  }
}
