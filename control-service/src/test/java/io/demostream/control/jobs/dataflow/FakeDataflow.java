package io.demostream.control.jobs.dataflow;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.dataflow.v1beta3.FlexTemplatesServiceClient;
import com.google.dataflow.v1beta3.FlexTemplatesServiceSettings;
import com.google.dataflow.v1beta3.GetJobRequest;
import com.google.dataflow.v1beta3.Job;
import com.google.dataflow.v1beta3.JobState;
import com.google.dataflow.v1beta3.JobsV1Beta3Client;
import com.google.dataflow.v1beta3.JobsV1Beta3Settings;
import com.google.dataflow.v1beta3.LaunchFlexTemplateRequest;
import com.google.dataflow.v1beta3.LaunchFlexTemplateResponse;
import com.google.dataflow.v1beta3.ListJobsRequest;
import com.google.dataflow.v1beta3.ListJobsResponse;
import com.google.dataflow.v1beta3.UpdateJobRequest;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * In-process gRPC fakes of Dataflow's {@code FlexTemplatesService} and {@code JobsV1Beta3}, served
 * on the wire protocol so that the real {@code google-cloud-dataflow} clients talk to them. The
 * generated service stubs are not on the classpath, so the two services are declared from their
 * method names and message types. Jobs live in memory; tests move them between states.
 */
final class FakeDataflow implements AutoCloseable {

  static final String FLEX_SERVICE = "google.dataflow.v1beta3.FlexTemplatesService";
  static final String JOBS_SERVICE = "google.dataflow.v1beta3.JobsV1Beta3";
  static final String METRICS_SERVICE = "google.dataflow.v1beta3.MetricsV1Beta3";

  private static final java.util.Set<JobState> ACTIVE_STATES =
      java.util.EnumSet.of(
          JobState.JOB_STATE_QUEUED,
          JobState.JOB_STATE_PENDING,
          JobState.JOB_STATE_RUNNING,
          JobState.JOB_STATE_DRAINING,
          JobState.JOB_STATE_CANCELLING,
          JobState.JOB_STATE_RESOURCE_CLEANING_UP);

  final List<LaunchFlexTemplateRequest> launches = new CopyOnWriteArrayList<>();
  final List<UpdateJobRequest> updates = new CopyOnWriteArrayList<>();
  final List<ListJobsRequest> listings = new CopyOnWriteArrayList<>();
  final Map<String, Job> jobs = new ConcurrentHashMap<>();

  /** What GetJobMetrics answers per job id; a job without an entry is NOT_FOUND. */
  final Map<String, com.google.dataflow.v1beta3.JobMetrics> jobMetrics = new ConcurrentHashMap<>();

  final List<com.google.dataflow.v1beta3.GetJobMetricsRequest> metricsRequests =
      new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile Status failLaunchWith;
  private final AtomicInteger getJobFailures = new AtomicInteger();
  private volatile Status getJobFailure;
  final AtomicInteger getJobCalls = new AtomicInteger();

  private final String serverName = InProcessServerBuilder.generateName();
  private final Server server;
  private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();

  FakeDataflow() throws IOException {
    ServerServiceDefinition flex =
        ServerServiceDefinition.builder(FLEX_SERVICE)
            .addMethod(
                unary(
                    FLEX_SERVICE + "/LaunchFlexTemplate",
                    LaunchFlexTemplateRequest.getDefaultInstance(),
                    LaunchFlexTemplateResponse.getDefaultInstance()),
                ServerCalls.asyncUnaryCall(call(this::launch)))
            .build();
    ServerServiceDefinition jobsService =
        ServerServiceDefinition.builder(JOBS_SERVICE)
            .addMethod(
                unary(
                    JOBS_SERVICE + "/GetJob",
                    GetJobRequest.getDefaultInstance(),
                    Job.getDefaultInstance()),
                ServerCalls.asyncUnaryCall(call(this::getJob)))
            .addMethod(
                unary(
                    JOBS_SERVICE + "/ListJobs",
                    ListJobsRequest.getDefaultInstance(),
                    ListJobsResponse.getDefaultInstance()),
                ServerCalls.asyncUnaryCall(call(this::listJobs)))
            .addMethod(
                unary(
                    JOBS_SERVICE + "/UpdateJob",
                    UpdateJobRequest.getDefaultInstance(),
                    Job.getDefaultInstance()),
                ServerCalls.asyncUnaryCall(call(this::updateJob)))
            .build();
    ServerServiceDefinition metricsService =
        ServerServiceDefinition.builder(METRICS_SERVICE)
            .addMethod(
                unary(
                    METRICS_SERVICE + "/GetJobMetrics",
                    com.google.dataflow.v1beta3.GetJobMetricsRequest.getDefaultInstance(),
                    com.google.dataflow.v1beta3.JobMetrics.getDefaultInstance()),
                ServerCalls.asyncUnaryCall(call(this::getJobMetrics)))
            .build();
    server =
        InProcessServerBuilder.forName(serverName)
            .directExecutor()
            .addService(intercepted(flex))
            .addService(intercepted(jobsService))
            .addService(intercepted(metricsService))
            .build()
            .start();
  }

  /** Every call checked against deploy/iam/api-methods.yaml. */
  private static ServerServiceDefinition intercepted(ServerServiceDefinition service) {
    return io.grpc.ServerInterceptors.intercept(
        service,
        io.demostream.control.testing.GoogleApiMethods.interceptor(
            io.demostream.control.testing.GoogleApiMethods.CONTROL));
  }

  /** A Flex Templates client as production builds it, but on the in-process channel. */
  FlexTemplatesServiceClient templatesClient() throws IOException {
    return FlexTemplatesServiceClient.create(
        FlexTemplatesServiceSettings.newBuilder()
            .setTransportChannelProvider(channelProvider())
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build());
  }

  /** A Jobs client with production's retries (shorter pauses), on the in-process channel. */
  JobsV1Beta3Client jobsClient() throws IOException {
    return JobsV1Beta3Client.create(
        DataflowRetries.apply(
                JobsV1Beta3Settings.newBuilder()
                    .setTransportChannelProvider(channelProvider())
                    .setCredentialsProvider(NoCredentialsProvider.create()),
                java.time.Duration.ofMillis(10))
            .build());
  }

  /** A job metrics client as production builds it, but on the in-process channel. */
  com.google.dataflow.v1beta3.MetricsV1Beta3Client metricsClient() throws IOException {
    return com.google.dataflow.v1beta3.MetricsV1Beta3Client.create(
        com.google.dataflow.v1beta3.MetricsV1Beta3Settings.newBuilder()
            .setTransportChannelProvider(channelProvider())
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build());
  }

  private com.google.dataflow.v1beta3.JobMetrics getJobMetrics(
      com.google.dataflow.v1beta3.GetJobMetricsRequest request) {
    metricsRequests.add(request);
    com.google.dataflow.v1beta3.JobMetrics metrics = jobMetrics.get(request.getJobId());
    if (metrics == null) {
      throw Status.NOT_FOUND.withDescription("no job " + request.getJobId()).asRuntimeException();
    }
    return metrics;
  }

  private FixedTransportChannelProvider channelProvider() {
    ManagedChannel channel = InProcessChannelBuilder.forName(serverName).directExecutor().build();
    channels.add(channel);
    return FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
  }

  void failNextLaunchesWith(Status status) {
    failLaunchWith = status;
  }

  /** Fails the next {@code times} GetJob calls with {@code status}. */
  void failNextGetJobs(int times, Status status) {
    getJobFailure = status;
    getJobFailures.set(times);
  }

  /** Sets a job's current state as Dataflow would report it. */
  void setState(String id, JobState state) {
    jobs.computeIfPresent(id, (key, job) -> job.toBuilder().setCurrentState(state).build());
  }

  /** Adds a job launched by an earlier instance, with the labels it was launched with. */
  void addJob(String name, JobState state, Instant createdAt, Map<String, String> labels) {
    addJob(name, state, createdAt);
    jobs.replaceAll(
        (id, job) ->
            job.getName().equals(name) ? job.toBuilder().putAllLabels(labels).build() : job);
  }

  /** Adds a job that was not launched through the fake, e.g. someone else's. */
  void addJob(String name, JobState state, Instant createdAt) {
    String id = "external-" + ids.incrementAndGet();
    jobs.put(
        id,
        Job.newBuilder()
            .setId(id)
            .setName(name)
            .setCurrentState(state)
            .setCreateTime(timestamp(createdAt))
            .build());
  }

  private LaunchFlexTemplateResponse launch(LaunchFlexTemplateRequest request) {
    if (failLaunchWith != null) {
      throw failLaunchWith.asRuntimeException();
    }
    launches.add(request);
    String id = "2026-11-27_00_00_00-" + ids.incrementAndGet();
    Job job =
        Job.newBuilder()
            .setId(id)
            .setProjectId(request.getProjectId())
            .setLocation(request.getLocation())
            .setName(request.getLaunchParameter().getJobName())
            .setCurrentState(JobState.JOB_STATE_QUEUED)
            .setCreateTime(timestamp(Instant.now()))
            .putAllLabels(
                request.getLaunchParameter().getEnvironment().getAdditionalUserLabelsMap())
            .build();
    jobs.put(id, job);
    // Like Dataflow, the launch answers with the id and name only.
    return LaunchFlexTemplateResponse.newBuilder()
        .setJob(Job.newBuilder().setId(id).setName(job.getName()).setProjectId(job.getProjectId()))
        .build();
  }

  private Job getJob(GetJobRequest request) {
    getJobCalls.incrementAndGet();
    if (getJobFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw getJobFailure.asRuntimeException();
    }
    Job job = lookUp(request);
    // Like Dataflow: the summary view (the default) carries no labels.
    boolean withLabels =
        request.getView() == com.google.dataflow.v1beta3.JobView.JOB_VIEW_DESCRIPTION
            || request.getView() == com.google.dataflow.v1beta3.JobView.JOB_VIEW_ALL;
    return withLabels ? job : job.toBuilder().clearLabels().build();
  }

  private Job lookUp(GetJobRequest request) {
    Job job = jobs.get(request.getJobId());
    if (job == null) {
      throw Status.NOT_FOUND.withDescription("no job " + request.getJobId()).asRuntimeException();
    }
    return job;
  }

  private ListJobsResponse listJobs(ListJobsRequest request) {
    listings.add(request);
    ListJobsResponse.Builder response = ListJobsResponse.newBuilder();
    for (Job job : jobs.values()) {
      boolean active = ACTIVE_STATES.contains(job.getCurrentState());
      if (request.getFilter() == ListJobsRequest.Filter.ALL
          || (request.getFilter() == ListJobsRequest.Filter.ACTIVE) == active) {
        // ListJobs answers summaries: no labels.
        response.addJobs(job.toBuilder().clearLabels());
      }
    }
    return response.build();
  }

  private Job updateJob(UpdateJobRequest request) {
    updates.add(request);
    Job job = lookUp(GetJobRequest.newBuilder().setJobId(request.getJobId()).build());
    JobState requested = request.getJob().getRequestedState();
    JobState current =
        requested == JobState.JOB_STATE_DRAINED
            ? JobState.JOB_STATE_DRAINING
            : JobState.JOB_STATE_CANCELLING;
    Job updated = job.toBuilder().setRequestedState(requested).setCurrentState(current).build();
    jobs.put(job.getId(), updated);
    return updated;
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
    server.shutdownNow();
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(
      String fullName, Q request, R response) {
    return MethodDescriptor.<Q, R>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName)
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(response))
        .build();
  }

  private interface Handler<Q, R> {
    R handle(Q request);
  }

  private static <Q, R> ServerCalls.UnaryMethod<Q, R> call(Handler<Q, R> handler) {
    BiConsumer<Q, StreamObserver<R>> method =
        (request, responses) -> {
          try {
            responses.onNext(handler.handle(request));
            responses.onCompleted();
          } catch (io.grpc.StatusRuntimeException e) {
            responses.onError(e);
          }
        };
    return method::accept;
  }
}
