package io.demostream.control.reconcile;

import com.google.cloud.monitoring.v3.MetricServiceClient;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.ProjectName;
import com.google.monitoring.v3.TimeInterval;
import com.google.monitoring.v3.TimeSeries;
import com.google.protobuf.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The subscription's backlog on Google Cloud: Cloud Monitoring's {@value #METRIC}. Pub/Sub reports
 * it about once a minute with a delay, so only points measured after publishing stopped count; an
 * older point could show a backlog already consumed, or miss the last messages.
 */
final class CloudMonitoringBacklog implements SubscriptionBacklog {

  static final String METRIC = "pubsub.googleapis.com/subscription/num_undelivered_messages";

  private final MetricServiceClient client;
  private final String projectId;
  private final String subscriptionId;
  private final Clock clock;

  CloudMonitoringBacklog(
      MetricServiceClient client, String projectId, String subscriptionId, Clock clock) {
    this.client = client;
    this.projectId = projectId;
    this.subscriptionId = subscriptionId;
    this.clock = clock;
  }

  @Override
  public Optional<Reading> read(Query query) {
    ListTimeSeriesRequest request =
        ListTimeSeriesRequest.newBuilder()
            .setName(ProjectName.of(projectId).toString())
            .setFilter(
                "metric.type = \""
                    + METRIC
                    + "\" AND resource.type = \"pubsub_subscription\""
                    + " AND resource.labels.subscription_id = \""
                    + subscriptionId
                    + "\"")
            .setInterval(
                TimeInterval.newBuilder()
                    .setStartTime(timestamp(query.since()))
                    .setEndTime(timestamp(clock.instant())))
            .setView(ListTimeSeriesRequest.TimeSeriesView.FULL)
            .build();
    Reading latest = null;
    for (TimeSeries series : client.listTimeSeries(request).iterateAll()) {
      for (Point point : series.getPointsList()) {
        Instant measuredAt = instant(point.getInterval().getEndTime());
        if (!measuredAt.isBefore(query.since())
            && (latest == null || measuredAt.isAfter(latest.measuredAt()))) {
          latest = new Reading(point.getValue().getInt64Value(), measuredAt);
        }
      }
    }
    return Optional.ofNullable(latest);
  }

  @Override
  public String source() {
    return "Cloud Monitoring " + METRIC + " of " + subscriptionId;
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
