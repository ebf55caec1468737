package io.demostream.control.jobs;

import com.google.dataflow.v1beta3.GetJobMetricsRequest;
import com.google.dataflow.v1beta3.MetricUpdate;
import com.google.dataflow.v1beta3.MetricsV1Beta3Client;
import com.google.protobuf.Value;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads a Dataflow job's figures from the Dataflow job metrics API ({@code
 * projects.locations.jobs.getMetrics}). Beam's user metrics come back once per step, with a {@code
 * namespace} in their context and, while not yet committed, {@code tentative=true}: the committed
 * values are summed over steps, the tentative ones used only where no committed value exists yet.
 */
public class DataflowJobMetricsReader implements JobMetricsReader {

  private final MetricsV1Beta3Client metrics;
  private final Supplier<String> projectId;
  private final String region;

  public DataflowJobMetricsReader(
      MetricsV1Beta3Client metrics, Supplier<String> projectId, String region) {
    this.metrics = metrics;
    this.projectId = projectId;
    this.region = region;
  }

  @Override
  public String launcherType() {
    return "dataflow";
  }

  @Override
  public JobFigures read(LaunchedJob job) {
    com.google.dataflow.v1beta3.JobMetrics answer =
        metrics.getJobMetrics(
            GetJobMetricsRequest.newBuilder()
                .setProjectId(projectId.get())
                .setLocation(region)
                .setJobId(job.id())
                .build());
    Map<String, Long> committed = new HashMap<>();
    Map<String, Long> tentative = new HashMap<>();
    Map<String, Long> gauges = new HashMap<>();
    for (MetricUpdate update : answer.getMetricsList()) {
      String name = update.getName().getName();
      String namespace = update.getName().getContextMap().getOrDefault("namespace", "");
      String key = namespace + "/" + name;
      if (update.hasGauge()) {
        Long value = number(update.getGauge());
        if (value != null) {
          gauges.merge(key, value, Math::max);
        }
        continue;
      }
      if (!update.hasScalar()) {
        continue;
      }
      Long value = number(update.getScalar());
      if (value == null) {
        continue;
      }
      boolean isTentative = "true".equals(update.getName().getContextMap().get("tentative"));
      (isTentative ? tentative : committed).merge(key, value, Long::sum);
    }
    Long windowEnd = gauges.get(JobFigures.NAMESPACE + "/" + JobFigures.ON_TIME_WINDOW_END);
    // Beam reports a counter once it was first incremented: absent from an answer is 0.
    return new JobFigures(
        zeroIfAbsent(
            counter(committed, tentative, JobFigures.NAMESPACE + "/" + JobFigures.USERS_PARSED)),
        zeroIfAbsent(
            counter(committed, tentative, JobFigures.NAMESPACE + "/" + JobFigures.DEAD_LETTERS)),
        zeroIfAbsent(anyNamespace(committed, tentative, JobFigures.DROPPED_DUE_TO_LATENESS)),
        windowEnd == null ? null : Instant.ofEpochMilli(windowEnd),
        answer.hasMetricTime()
            ? Instant.ofEpochSecond(
                answer.getMetricTime().getSeconds(), answer.getMetricTime().getNanos())
            : Instant.now());
  }

  private static long zeroIfAbsent(Long value) {
    return value == null ? 0 : value;
  }

  private static Long counter(
      Map<String, Long> committed, Map<String, Long> tentative, String key) {
    Long value = committed.get(key);
    return value != null ? value : tentative.get(key);
  }

  private static Long anyNamespace(
      Map<String, Long> committed, Map<String, Long> tentative, String name) {
    Long total = sumEndingWith(committed, "/" + name);
    return total != null ? total : sumEndingWith(tentative, "/" + name);
  }

  private static Long sumEndingWith(Map<String, Long> values, String suffix) {
    Long total = null;
    for (Map.Entry<String, Long> entry : values.entrySet()) {
      if (entry.getKey().endsWith(suffix)) {
        total = (total == null ? 0 : total) + entry.getValue();
      }
    }
    return total;
  }

  /** A number, or a struct carrying one in {@code value} (how gauges may be encoded). */
  private static Long number(Value value) {
    return switch (value.getKindCase()) {
      case NUMBER_VALUE -> (long) value.getNumberValue();
      case STRING_VALUE -> {
        try {
          yield Long.parseLong(value.getStringValue());
        } catch (NumberFormatException e) {
          yield null;
        }
      }
      case STRUCT_VALUE ->
          value.getStructValue().containsFields("value")
              ? number(value.getStructValue().getFieldsOrThrow("value"))
              : null;
      default -> null;
    };
  }
}
