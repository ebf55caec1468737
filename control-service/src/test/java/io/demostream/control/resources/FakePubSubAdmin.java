package io.demostream.control.resources;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.Duration;
import com.google.protobuf.Empty;
import com.google.pubsub.v1.DeleteSubscriptionRequest;
import com.google.pubsub.v1.DeleteTopicRequest;
import com.google.pubsub.v1.ExpirationPolicy;
import com.google.pubsub.v1.GetSubscriptionRequest;
import com.google.pubsub.v1.GetTopicRequest;
import com.google.pubsub.v1.PublisherGrpc;
import com.google.pubsub.v1.SubscriberGrpc;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import com.google.pubsub.v1.UpdateSubscriptionRequest;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory Pub/Sub admin service (topics and subscriptions) behind the real gRPC stubs, so the
 * real {@link TopicAdminClient} and {@link SubscriptionAdminClient} talk to it. Like Pub/Sub, a
 * subscription created without an expiration policy gets a 31-day TTL. Faults can be queued per
 * method.
 */
final class FakePubSubAdmin implements AutoCloseable {

  static final Duration DEFAULT_TTL = Duration.newBuilder().setSeconds(31L * 24 * 3600).build();

  final Map<String, Topic> topics = new ConcurrentHashMap<>();
  final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  final List<UpdateSubscriptionRequest> updates = new ArrayList<>();
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, Queue<Status>> faults = new ConcurrentHashMap<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private Server server;
  private String inProcessName;

  /** Serves in process; {@link #topicAdmin()} and {@link #subscriptionAdmin()} connect to it. */
  FakePubSubAdmin startInProcess() throws IOException {
    inProcessName = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(inProcessName)
            .directExecutor()
            .addService(checked(new Publisher()))
            .addService(checked(new Subscriber()))
            .build()
            .start();
    return this;
  }

  /** Serves on a local TCP port, like the emulator ({@code localhost:<port>}). */
  FakePubSubAdmin startOnPort() throws IOException {
    server =
        Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
            .addService(checked(new Publisher()))
            .addService(checked(new Subscriber()))
            .build()
            .start();
    return this;
  }

  /** Every call checked against deploy/iam/api-methods.yaml. */
  private static io.grpc.ServerServiceDefinition checked(io.grpc.BindableService service) {
    return io.grpc.ServerInterceptors.intercept(
        service,
        io.demostream.control.testing.GoogleApiMethods.interceptor(
            io.demostream.control.testing.GoogleApiMethods.CONTROL));
  }

  String hostPort() {
    return "localhost:" + server.getPort();
  }

  /** The next call of {@code method} fails with {@code status}. */
  void failNext(String method, Status status) {
    faults.computeIfAbsent(method, m -> new ConcurrentLinkedQueue<>()).add(status);
  }

  int calls(String method) {
    return calls.getOrDefault(method, new AtomicInteger()).get();
  }

  TopicAdminClient topicAdmin() throws IOException {
    return TopicAdminClient.create(
        TopicAdminSettings.newBuilder()
            .setTransportChannelProvider(channel())
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build());
  }

  SubscriptionAdminClient subscriptionAdmin() throws IOException {
    return SubscriptionAdminClient.create(
        SubscriptionAdminSettings.newBuilder()
            .setTransportChannelProvider(channel())
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build());
  }

  private FixedTransportChannelProvider channel() {
    ManagedChannel channel =
        InProcessChannelBuilder.forName(inProcessName).directExecutor().build();
    channels.add(channel);
    return FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
  }

  @Override
  public void close() throws InterruptedException {
    channels.forEach(ManagedChannel::shutdownNow);
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** True when a queued fault was sent instead of an answer. */
  private boolean faulted(String method, StreamObserver<?> response) {
    calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    Queue<Status> queue = faults.get(method);
    Status fault = queue == null ? null : queue.poll();
    if (fault != null) {
      response.onError(fault.asRuntimeException());
      return true;
    }
    return false;
  }

  private static <T> void answer(StreamObserver<T> response, T value) {
    response.onNext(value);
    response.onCompleted();
  }

  private static void notFound(StreamObserver<?> response, String name) {
    response.onError(
        Status.NOT_FOUND.withDescription("Resource not found (" + name + ")").asRuntimeException());
  }

  private final class Publisher extends PublisherGrpc.PublisherImplBase {

    @Override
    public void createTopic(Topic request, StreamObserver<Topic> response) {
      if (faulted("createTopic", response)) {
        return;
      }
      if (topics.putIfAbsent(request.getName(), request) != null) {
        response.onError(
            Status.ALREADY_EXISTS.withDescription("Topic already exists").asRuntimeException());
        return;
      }
      answer(response, request);
    }

    @Override
    public void getTopic(GetTopicRequest request, StreamObserver<Topic> response) {
      if (faulted("getTopic", response)) {
        return;
      }
      Topic topic = topics.get(request.getTopic());
      if (topic == null) {
        notFound(response, request.getTopic());
      } else {
        answer(response, topic);
      }
    }

    @Override
    public void deleteTopic(DeleteTopicRequest request, StreamObserver<Empty> response) {
      if (faulted("deleteTopic", response)) {
        return;
      }
      if (topics.remove(request.getTopic()) == null) {
        notFound(response, request.getTopic());
      } else {
        answer(response, Empty.getDefaultInstance());
      }
    }
  }

  private final class Subscriber extends SubscriberGrpc.SubscriberImplBase {

    @Override
    public void createSubscription(Subscription request, StreamObserver<Subscription> response) {
      if (faulted("createSubscription", response)) {
        return;
      }
      if (!topics.containsKey(request.getTopic())) {
        notFound(response, request.getTopic());
        return;
      }
      Subscription stored =
          request.hasExpirationPolicy()
              ? request
              : request.toBuilder()
                  .setExpirationPolicy(ExpirationPolicy.newBuilder().setTtl(DEFAULT_TTL))
                  .build();
      if (subscriptions.putIfAbsent(request.getName(), stored) != null) {
        response.onError(
            Status.ALREADY_EXISTS
                .withDescription("Subscription already exists")
                .asRuntimeException());
        return;
      }
      answer(response, stored);
    }

    @Override
    public void getSubscription(
        GetSubscriptionRequest request, StreamObserver<Subscription> response) {
      if (faulted("getSubscription", response)) {
        return;
      }
      Subscription subscription = subscriptions.get(request.getSubscription());
      if (subscription == null) {
        notFound(response, request.getSubscription());
      } else {
        answer(response, subscription);
      }
    }

    @Override
    public void updateSubscription(
        UpdateSubscriptionRequest request, StreamObserver<Subscription> response) {
      if (faulted("updateSubscription", response)) {
        return;
      }
      String name = request.getSubscription().getName();
      Subscription existing = subscriptions.get(name);
      if (existing == null) {
        notFound(response, name);
        return;
      }
      synchronized (updates) {
        updates.add(request);
      }
      Subscription.Builder updated = existing.toBuilder();
      for (String path : request.getUpdateMask().getPathsList()) {
        switch (path) {
          case "ack_deadline_seconds" ->
              updated.setAckDeadlineSeconds(request.getSubscription().getAckDeadlineSeconds());
          case "message_retention_duration" ->
              updated.setMessageRetentionDuration(
                  request.getSubscription().getMessageRetentionDuration());
          case "expiration_policy" ->
              updated.setExpirationPolicy(request.getSubscription().getExpirationPolicy());
          default -> {
            response.onError(
                Status.INVALID_ARGUMENT.withDescription("bad path " + path).asRuntimeException());
            return;
          }
        }
      }
      Subscription stored = updated.build();
      subscriptions.put(name, stored);
      answer(response, stored);
    }

    @Override
    public void deleteSubscription(
        DeleteSubscriptionRequest request, StreamObserver<Empty> response) {
      if (faulted("deleteSubscription", response)) {
        return;
      }
      if (subscriptions.remove(request.getSubscription()) == null) {
        notFound(response, request.getSubscription());
      } else {
        answer(response, Empty.getDefaultInstance());
      }
    }
  }
}
