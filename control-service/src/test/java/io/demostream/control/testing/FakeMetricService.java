package io.demostream.control.testing;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.monitoring.v3.MetricServiceClient;
import com.google.cloud.monitoring.v3.MetricServiceSettings;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.ListTimeSeriesResponse;
import com.google.monitoring.v3.TimeSeries;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Cloud Monitoring's MetricService in process: answers every ListTimeSeries with {@link #series}
 * (or fails with {@link #failure}) and records the requests; every method it receives is checked
 * against {@code deploy/iam/api-methods.yaml} ({@link GoogleApiMethods}). Built from the method's
 * descriptor, since the generated service stubs are not published where we build.
 */
public final class FakeMetricService implements AutoCloseable {

  public final List<ListTimeSeriesRequest> requests = new CopyOnWriteArrayList<>();
  public volatile List<TimeSeries> series = List.of();

  /** When set, every call fails with it, e.g. {@code Status.PERMISSION_DENIED}. */
  public volatile Status failure;

  private final Server server;
  private final ManagedChannel channel;

  public FakeMetricService() throws IOException {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(
                ServerInterceptors.intercept(
                    definition(), GoogleApiMethods.interceptor(GoogleApiMethods.CONTROL)))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  /** A real client talking to this fake. */
  public MetricServiceClient client() throws IOException {
    return MetricServiceClient.create(
        MetricServiceSettings.newBuilder()
            .setTransportChannelProvider(
                FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build());
  }

  private ServerServiceDefinition definition() {
    String service = "google.monitoring.v3.MetricService";
    MethodDescriptor<ListTimeSeriesRequest, ListTimeSeriesResponse> listTimeSeries =
        MethodDescriptor.<ListTimeSeriesRequest, ListTimeSeriesResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(service, "ListTimeSeries"))
            .setRequestMarshaller(ProtoUtils.marshaller(ListTimeSeriesRequest.getDefaultInstance()))
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
                  Status failed = failure;
                  if (failed != null) {
                    response.onError(failed.asRuntimeException());
                    return;
                  }
                  response.onNext(
                      ListTimeSeriesResponse.newBuilder().addAllTimeSeries(series).build());
                  response.onCompleted();
                }))
        .build();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }
}
