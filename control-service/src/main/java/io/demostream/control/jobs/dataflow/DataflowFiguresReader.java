package io.demostream.control.jobs.dataflow;

import com.google.dataflow.v1beta3.GetJobMetricsRequest;
import com.google.dataflow.v1beta3.MetricUpdate;
import com.google.dataflow.v1beta3.MetricsV1Beta3Client;
import com.google.protobuf.Value;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.figures.PipelineFigures;
import io.demostream.control.jobs.figures.PipelineFiguresReader;
import io.demostream.events.metrics.PipelineCounters;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Dataflow job's figures from the Dataflow job metrics API ({@code
 * projects.locations.jobs.getMetrics}). Beam's user metrics come back once per step, with a {@code
 * namespace} in their context and, while not yet committed, {@code tentative=true}: the committed
 * values are summed over steps, the tentative ones used only where no committed value exists yet.
 * Dataflow reports no gauges of user metrics, so the pipeline's {@code on_time_window_end_millis}
 * never arrives: the watermark is then the job's data watermark from its system metrics ({@link
 * DataflowDataWatermark}).
 *
 * <p>Beam's lateness counter is the exception: each of the pipeline's three aggregation steps
 * drops, and counts, every late user, so the sum over steps reads one late user as three. Dataflow
 * names steps by their internal names ({@code s9}), not by transform (Beam's own {@code
 * DataflowMetrics} maps them through the job graph), so the users dropped late are the largest
 * count of any one step: each step's count is the same users, and the largest is the one that has
 * seen the most of them so far.
 */
public class DataflowFiguresReader implements PipelineFiguresReader {

  /** The key of the users dropped late, in any namespace. */
  private static final String LATENESS = "*/" + PipelineCounters.DROPPED_DUE_TO_LATENESS;

  private static final Logger log = LoggerFactory.getLogger(DataflowFiguresReader.class);

  private final MetricsV1Beta3Client metrics;
  private final Supplier<String> projectId;
  private final String region;
  private final Function<LaunchedJob, Optional<Instant>> dataWatermark;

  /** A reader without a data watermark: the watermark is only the pipeline's gauge. */
  public DataflowFiguresReader(
      MetricsV1Beta3Client metrics, Supplier<String> projectId, String region) {
    this(metrics, projectId, region, job -> Optional.empty());
  }

  /**
   * @param dataWatermark the job's data watermark from its system metrics ({@link
   *     DataflowDataWatermark}), used where the pipeline's gauge is absent, which on Dataflow is
   *     always
   */
  public DataflowFiguresReader(
      MetricsV1Beta3Client metrics,
      Supplier<String> projectId,
      String region,
      Function<LaunchedJob, Optional<Instant>> dataWatermark) {
    this.metrics = metrics;
    this.projectId = projectId;
    this.region = region;
    this.dataWatermark = dataWatermark;
  }

  @Override
  public PipelineFigures read(LaunchedJob job) {
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
      if (name.equals(PipelineCounters.DROPPED_DUE_TO_LATENESS)) {
        // One count per aggregation step of the same users: the largest, never the sum.
        (isTentative ? tentative : committed).merge(LATENESS, value, Math::max);
        continue;
      }
      (isTentative ? tentative : committed).merge(key, value, Long::sum);
    }
    Long windowEnd =
        gauges.get(PipelineCounters.NAMESPACE + "/" + PipelineCounters.ON_TIME_WINDOW_END);
    Instant watermark =
        windowEnd != null ? Instant.ofEpochMilli(windowEnd) : dataWatermark(job).orElse(null);
    // Beam reports a counter once it was first incremented: absent from an answer is 0.
    return new PipelineFigures(
        zeroIfAbsent(
            counter(
                committed,
                tentative,
                PipelineCounters.NAMESPACE + "/" + PipelineCounters.USERS_PARSED)),
        zeroIfAbsent(
            counter(
                committed,
                tentative,
                PipelineCounters.NAMESPACE + "/" + PipelineCounters.USERS_DEAD_LETTERED)),
        zeroIfAbsent(counter(committed, tentative, LATENESS)),
        watermark,
        answer.hasMetricTime()
            ? Instant.ofEpochSecond(
                answer.getMetricTime().getSeconds(), answer.getMetricTime().getNanos())
            : Instant.now(),
        // Only a backfill reads files: absent means a stream, not zero.
        counter(
            committed, tentative, PipelineCounters.NAMESPACE + "/" + PipelineCounters.LINES_READ),
        counter(
            committed,
            tentative,
            PipelineCounters.NAMESPACE + "/" + PipelineCounters.DUPLICATES_REMOVED));
  }

  /** The data watermark; unknown (logged) when it cannot be read, the counters still count. */
  private Optional<Instant> dataWatermark(LaunchedJob job) {
    try {
      return dataWatermark.apply(job);
    } catch (RuntimeException e) {
      log.warn("Data watermark of Dataflow job {} unreadable: {}", job.id(), e.getMessage());
      return Optional.empty();
    }
  }

  private static long zeroIfAbsent(Long value) {
    return value == null ? 0 : value;
  }

  private static Long counter(
      Map<String, Long> committed, Map<String, Long> tentative, String key) {
    Long value = committed.get(key);
    return value != null ? value : tentative.get(key);
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
