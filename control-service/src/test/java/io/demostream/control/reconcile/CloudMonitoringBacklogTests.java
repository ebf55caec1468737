package io.demostream.control.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.monitoring.v3.MetricServiceClient;
import com.google.cloud.monitoring.v3.MetricServiceSettings;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.ListTimeSeriesResponse;
import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.TimeInterval;
import com.google.monitoring.v3.TimeSeries;
import com.google.monitoring.v3.TypedValue;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Cloud Monitoring client against an in-process fake of its gRPC service. */
class CloudMonitoringBacklogTests {

  private static final Instant STOPPED = Instant.parse("2026-03-01T10:00:00Z");

  /**
   * Answers every ListTimeSeries with {@link #series} and records the requests. Built from the
   * method's descriptor, since the generated service stubs are not published where we build.
   */
  static final class FakeMetricService {
    final List<ListTimeSeriesRequest> requests = new CopyOnWriteArrayList<>();
    volatile List<TimeSeries> series = List.of();

    ServerServiceDefinition definition() {
      String service = "google.monitoring.v3.MetricService";
      MethodDescriptor<ListTimeSeriesRequest, ListTimeSeriesResponse> listTimeSeries =
          MethodDescriptor.<ListTimeSeriesRequest, ListTimeSeriesResponse>newBuilder()
              .setType(MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(MethodDescriptor.generateFullMethodName(service, "ListTimeSeries"))
              .setRequestMarshaller(
                  ProtoUtils.marshaller(ListTimeSeriesRequest.getDefaultInstance()))
              .setResponseMarshaller(
                  ProtoUtils.marshaller(ListTimeSeriesResponse.getDefaultInstance()))
              .build();
      return ServerServiceDefinition.builder(service)
          .addMethod(
              listTimeSeries,
              ServerCalls.asyncUnaryCall(
                  (ListTimeSeriesRequest request,
                      StreamObserver<ListTimeSeriesResponse> response) -> {
                    requests.add(request);
                    response.onNext(
                        ListTimeSeriesResponse.newBuilder().addAllTimeSeries(series).build());
                    response.onCompleted();
                  }))
          .build();
    }
  }

  private final FakeMetricService fake = new FakeMetricService();
  private Server server;
  private ManagedChannel channel;
  private MetricServiceClient client;
  private CloudMonitoringBacklog backlog;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(fake.definition())
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    client =
        MetricServiceClient.create(
            MetricServiceSettings.newBuilder()
                .setTransportChannelProvider(
                    FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
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
    channel.shutdownNow();
    server.shutdownNow();
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
}
