package io.demostream.control.jobs.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.figures.PipelineFigures;
import io.demostream.control.jobs.figures.PipelineFiguresReader;
import io.demostream.events.metrics.PipelineCounters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a Flink job's figures from the JobManager's REST API: Beam's metrics, read summed over
 * subtasks ({@code /jobs/<id>/vertices/<v>/subtasks/metrics?get=...&agg=sum,max}); the watermark is
 * the lowest {@code currentInputWatermark} of any vertex's subtasks ({@code
 * /jobs/<id>/vertices/<v>/watermarks}), i.e. the watermark the sink has reached.
 *
 * <p>Beam's Flink runner registers a user metric in its operator's Flink metric group under {@code
 * <namespace>.<name>}, and Flink's metric query service replaces {@code .}, space, {@code :} and
 * {@code ,} in names with {@code _}: the REST id of counter {@code demographics/users_parsed} is
 * {@code ParseUserEvents/ProjectUsers.demographics_users_parsed} (observed on embedded Flink 1.19
 * running the pipeline; the answers are kept as test fixtures). A cluster configured with another
 * {@code metrics.scope.delimiter} than the default {@code .} names them differently and reads as 0.
 * Users dropped late are the lateness counter of the summary aggregation only ({@link
 * #isSummaryLatenessCounter}).
 *
 * <p>The job's Flink id is looked up by the launcher's own means; {@code flinkJobId} maps the
 * launcher's job (its id, by default) to it.
 */
public class FlinkRestFiguresReader implements PipelineFiguresReader {

  // Flink's "no watermark yet" and Beam's end-of-time watermark are not figures.
  private static final long NO_WATERMARK = Long.MIN_VALUE;
  private static final long BEAM_END_OF_TIME_MILLIS = Long.MAX_VALUE / 1000;

  private final URI restUrl;
  private final String backend;
  private final Function<LaunchedJob, String> flinkJobId;
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param restUrl the JobManager's REST endpoint, e.g. {@code http://flink-jobmanager:8081}
   * @param backend the launcher whose jobs run there ({@code flink}, or {@code local} when it runs
   *     an embedded Flink with its REST port open)
   * @param flinkJobId the Flink job id of a launched job
   */
  public FlinkRestFiguresReader(
      URI restUrl,
      String backend,
      Function<LaunchedJob, String> flinkJobId,
      Duration timeout,
      Clock clock) {
    this.restUrl = URI.create(restUrl.toString().replaceAll("/+$", "") + "/");
    this.backend = backend;
    this.flinkJobId = flinkJobId;
    this.timeout = timeout;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public PipelineFigures read(LaunchedJob job) {
    String jobId = flinkJobId.apply(job);
    Instant measuredAt = clock.instant();
    JsonNode details = get("jobs/" + jobId);
    Long usersParsed = null;
    Long deadLetters = null;
    Long droppedLate = null;
    Long windowEnd = null;
    Long watermark = null;
    Long linesRead = null;
    Long duplicatesRemoved = null;
    for (JsonNode vertex : details.path("vertices")) {
      String vertexPath = "jobs/" + jobId + "/vertices/" + vertex.path("id").asText();
      List<String> wanted = new ArrayList<>();
      for (JsonNode metric : get(vertexPath + "/subtasks/metrics")) {
        String id = metric.path("id").asText();
        if (isBeamMetric(id, PipelineCounters.NAMESPACE, PipelineCounters.USERS_PARSED)
            || isBeamMetric(id, PipelineCounters.NAMESPACE, PipelineCounters.USERS_DEAD_LETTERED)
            || isBeamMetric(id, PipelineCounters.NAMESPACE, PipelineCounters.ON_TIME_WINDOW_END)
            || isBeamMetric(id, PipelineCounters.NAMESPACE, PipelineCounters.LINES_READ)
            || isBeamMetric(id, PipelineCounters.NAMESPACE, PipelineCounters.DUPLICATES_REMOVED)
            || isSummaryLatenessCounter(id)) {
          wanted.add(id);
        }
      }
      if (!wanted.isEmpty()) {
        String query = URLEncoder.encode(String.join(",", wanted), StandardCharsets.UTF_8);
        for (JsonNode value : get(vertexPath + "/subtasks/metrics?agg=sum,max&get=" + query)) {
          String id = value.path("id").asText();
          if (isBeamMetric(id, PipelineCounters.NAMESPACE, PipelineCounters.USERS_PARSED)) {
            usersParsed = add(usersParsed, value.path("sum").asDouble());
          } else if (isBeamMetric(
              id, PipelineCounters.NAMESPACE, PipelineCounters.USERS_DEAD_LETTERED)) {
            deadLetters = add(deadLetters, value.path("sum").asDouble());
          } else if (isBeamMetric(
              id, PipelineCounters.NAMESPACE, PipelineCounters.ON_TIME_WINDOW_END)) {
            long max = (long) value.path("max").asDouble();
            windowEnd = windowEnd == null ? max : Math.max(windowEnd, max);
          } else if (isBeamMetric(id, PipelineCounters.NAMESPACE, PipelineCounters.LINES_READ)) {
            linesRead = add(linesRead, value.path("sum").asDouble());
          } else if (isBeamMetric(
              id, PipelineCounters.NAMESPACE, PipelineCounters.DUPLICATES_REMOVED)) {
            duplicatesRemoved = add(duplicatesRemoved, value.path("sum").asDouble());
          } else if (isSummaryLatenessCounter(id)) {
            droppedLate = add(droppedLate, value.path("sum").asDouble());
          }
        }
      }
      for (JsonNode subtask : get(vertexPath + "/watermarks")) {
        long value;
        try {
          value = Long.parseLong(subtask.path("value").asText());
        } catch (NumberFormatException e) {
          continue;
        }
        if (value == NO_WATERMARK || value >= BEAM_END_OF_TIME_MILLIS) {
          continue;
        }
        watermark = watermark == null ? value : Math.min(watermark, value);
      }
    }
    Long effective = watermark != null ? watermark : windowEnd;
    // Beam registers a counter once it was first incremented: absent from a live job is 0.
    return new PipelineFigures(
        usersParsed == null ? 0L : usersParsed,
        deadLetters == null ? 0L : deadLetters,
        droppedLate == null ? 0L : droppedLate,
        effective == null ? null : Instant.ofEpochMilli(effective),
        measuredAt,
        linesRead,
        duplicatesRemoved);
  }

  /**
   * Whether {@code id}, a metric id of {@code /subtasks/metrics} ({@code <operator>.<metric>}), is
   * Beam's metric {@code namespace/name}.
   */
  static boolean isBeamMetric(String id, String namespace, String name) {
    return id.endsWith("." + flinkMetricName(namespace + "." + name));
  }

  /** Whether {@code id} is Beam's metric {@code name} in any namespace. */
  static boolean isBeamMetricInAnyNamespace(String id, String name) {
    return id.endsWith("_" + flinkMetricName(name));
  }

  /**
   * Whether {@code id} is Beam's lateness counter of the summary aggregation ({@code
   * <operator>.<namespace>_droppedDueToLateness} with {@link PipelineFigures#SUMMARY_STEP} in the
   * operator): the other two aggregation steps count the same users again.
   */
  static boolean isSummaryLatenessCounter(String id) {
    int operatorEnd = id.lastIndexOf('.');
    return isBeamMetricInAnyNamespace(id, PipelineCounters.DROPPED_DUE_TO_LATENESS)
        && operatorEnd > 0
        && id.substring(0, operatorEnd).contains(PipelineCounters.SUMMARY_STEP);
  }

  /** A metric name as Flink's metric query service gives it (its {@code replaceInvalidChars}). */
  static String flinkMetricName(String name) {
    return name.replaceAll("[ .:,]", "_");
  }

  private static Long add(Long total, double value) {
    return (total == null ? 0 : total) + (long) value;
  }

  private JsonNode get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(restUrl.resolve(path)).timeout(timeout).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "Flink REST " + request.uri() + " answered " + response.statusCode());
      }
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("Flink REST " + request.uri() + " unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted reading " + request.uri(), e);
    }
  }
}
