package io.demostream.control.jobs.dataflow;

import com.google.cloud.monitoring.v3.MetricServiceClient;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.ProjectName;
import com.google.monitoring.v3.TimeInterval;
import com.google.monitoring.v3.TimeSeries;
import com.google.monitoring.v3.TypedValue;
import com.google.protobuf.Timestamp;
import io.demostream.control.jobs.LaunchedJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Dataflow job's data watermark, from the job's own system metric in Cloud Monitoring: {@value
 * #METRIC} (resource {@code dataflow_job}), the age of the newest data the job has fully processed.
 * Dataflow reports only counters and distributions of Beam's user metrics, never gauges, so the
 * pipeline's {@code on_time_window_end_millis} never arrives there: this is the freshness that
 * {@code demostream_pipeline_watermark_lag_seconds} (and the alert {@code
 * DemostreamWatermarkLagHigh}) reads on Dataflow. The watermark is the newest point's end time
 * minus the age it reports; empty while Dataflow has reported no point in the last {@link
 * #LOOKBACK}.
 */
final class DataflowDataWatermark implements Function<LaunchedJob, Optional<Instant>> {

  static final String METRIC = "dataflow.googleapis.com/job/data_watermark_age";

  /** Dataflow writes the metric about once a minute; older points are not the job's state. */
  static final Duration LOOKBACK = Duration.ofMinutes(10);

  private final Supplier<MetricServiceClient> client;
  private final Supplier<String> projectId;
  private final Clock clock;

  /**
   * @param client taken on first use (the client needs credentials)
   */
  DataflowDataWatermark(
      Supplier<MetricServiceClient> client, Supplier<String> projectId, Clock clock) {
    this.client = client;
    this.projectId = projectId;
    this.clock = clock;
  }

  @Override
  public Optional<Instant> apply(LaunchedJob job) {
    Instant now = clock.instant();
    ListTimeSeriesRequest request =
        ListTimeSeriesRequest.newBuilder()
            .setName(ProjectName.of(projectId.get()).toString())
            .setFilter(
                "metric.type = \""
                    + METRIC
                    + "\" AND resource.type = \"dataflow_job\""
                    + " AND resource.labels.job_id = \""
                    + job.id()
                    + "\"")
            .setInterval(
                TimeInterval.newBuilder()
                    .setStartTime(timestamp(now.minus(LOOKBACK)))
                    .setEndTime(timestamp(now)))
            .setView(ListTimeSeriesRequest.TimeSeriesView.FULL)
            .build();
    Instant newest = null;
    Instant watermark = null;
    for (TimeSeries series : client.get().listTimeSeries(request).iterateAll()) {
      for (Point point : series.getPointsList()) {
        Instant measuredAt = instant(point.getInterval().getEndTime());
        Double ageSeconds = seconds(point.getValue());
        if (ageSeconds != null && (newest == null || measuredAt.isAfter(newest))) {
          newest = measuredAt;
          watermark = measuredAt.minusMillis(Math.round(ageSeconds * 1000));
        }
      }
    }
    return Optional.ofNullable(watermark);
  }

  /** The age in seconds: Monitoring gives it as INT64, a DOUBLE is read as well. */
  private static Double seconds(TypedValue value) {
    return switch (value.getValueCase()) {
      case INT64_VALUE -> (double) value.getInt64Value();
      case DOUBLE_VALUE -> value.getDoubleValue();
      default -> null;
    };
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
