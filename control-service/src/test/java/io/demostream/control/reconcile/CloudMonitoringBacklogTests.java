package io.demostream.control.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.monitoring.v3.MetricServiceClient;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.TimeInterval;
import com.google.monitoring.v3.TimeSeries;
import com.google.monitoring.v3.TypedValue;
import com.google.protobuf.Timestamp;
import io.demostream.control.testing.FakeMetricService;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Cloud Monitoring client against an in-process fake of its gRPC service; the wait before
 * a drain when Monitoring refuses ({@link BacklogWait}).
 */
class CloudMonitoringBacklogTests {

  private static final Instant STOPPED = Instant.parse("2026-03-01T10:00:00Z");

  private FakeMetricService fake;
  private MetricServiceClient client;
  private CloudMonitoringBacklog backlog;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeMetricService();
    client = fake.client();
    backlog =
        new CloudMonitoringBacklog(
            client,
            "demo-project",
            "users-pipeline",
            Clock.fixed(STOPPED.plus(Duration.ofMinutes(3)), ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  private static SubscriptionBacklog.Query query() {
    return new SubscriptionBacklog.Query(
        "run-1",
        new WindowTiling(Duration.ofMinutes(1), Duration.ofMinutes(1)),
        10,
        STOPPED,
        STOPPED.minusSeconds(600));
  }

  private static Point point(Instant measuredAt, long undelivered) {
    Timestamp end = Timestamp.newBuilder().setSeconds(measuredAt.getEpochSecond()).build();
    return Point.newBuilder()
        .setInterval(TimeInterval.newBuilder().setEndTime(end))
        .setValue(TypedValue.newBuilder().setInt64Value(undelivered))
        .build();
  }

  @Test
  void asksForTheSubscriptionsUndeliveredMessagesSincePublishingStopped() {
    backlog.read(query());

    ListTimeSeriesRequest request = fake.requests.get(0);
    assertThat(request.getName()).isEqualTo("projects/demo-project");
    assertThat(request.getFilter())
        .contains("metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\"")
        .contains("resource.labels.subscription_id = \"users-pipeline\"");
    assertThat(request.getInterval().getStartTime().getSeconds())
        .isEqualTo(STOPPED.getEpochSecond());
    assertThat(request.getInterval().getEndTime().getSeconds())
        .isEqualTo(STOPPED.plus(Duration.ofMinutes(3)).getEpochSecond());
  }

  @Test
  void theNewestPointMeasuredAfterPublishingStoppedIsTheBacklog() {
    fake.series =
        List.of(
            TimeSeries.newBuilder()
                // Newest first, as Monitoring answers; one point predates the stop.
                .addPoints(point(STOPPED.plusSeconds(120), 3))
                .addPoints(point(STOPPED.plusSeconds(60), 250))
                .addPoints(point(STOPPED.minusSeconds(1), 0))
                .build());

    assertThat(backlog.read(query()))
        .contains(new SubscriptionBacklog.Reading(3, STOPPED.plusSeconds(120)));
  }

  @Test
  void pointsOnlyFromBeforeTheStopAreNoReading() {
    fake.series =
        List.of(TimeSeries.newBuilder().addPoints(point(STOPPED.minusSeconds(30), 0)).build());

    assertThat(backlog.read(query())).isEmpty();
    assertThat(backlog.source()).contains("num_undelivered_messages").contains("users-pipeline");
  }

  @Test
  void aPermissionDeniedBacklogWaitsTheWholeBoundAndSaysWhy() {
    fake.failure =
        Status.PERMISSION_DENIED.withDescription(
            "Permission monitoring.timeSeries.list denied (or the resource may not exist).");
    MutableInstant now = new MutableInstant(STOPPED);
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.value;
          }
        };
    List<Instant> pauses = new ArrayList<>();

    BacklogWait.Outcome outcome =
        new BacklogWait(clock, Duration.ofMinutes(5))
            .await(
                backlog,
                query(),
                () -> {
                  pauses.add(now.value);
                  now.value = now.value.plusSeconds(30);
                });

    assertThat(outcome.backlogUnreadable()).isTrue();
    assertThat(outcome.consumed()).isFalse();
    assertThat(outcome.waited()).isEqualTo(Duration.ofMinutes(5));
    assertThat(outcome.detail())
        .startsWith("the backlog could not be read (PERMISSION_DENIED: Permission")
        .contains("waited 300 s, the configured bound, instead, then drains")
        .contains("num_undelivered_messages of users-pipeline");
    // Asked once: the same refusal would come back on every poll.
    assertThat(fake.requests).hasSize(1);
    assertThat(pauses).hasSize(10);
  }

  private static final class MutableInstant {
    volatile Instant value;

    MutableInstant(Instant value) {
      this.value = value;
    }
  }
}
