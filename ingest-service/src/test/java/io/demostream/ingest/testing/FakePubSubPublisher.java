package io.demostream.ingest.testing;

import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PublishResponse;
import com.google.pubsub.v1.PublisherGrpc;
import com.google.pubsub.v1.PubsubMessage;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process Pub/Sub publisher service that records every publish request. It can hold its
 * acknowledgements (to simulate a slow Pub/Sub), fail every request with a status, or store a few
 * requests and still answer them with an error (as a loaded emulator does when the client's
 * deadline passes after the messages were stored).
 */
public final class FakePubSubPublisher extends PublisherGrpc.PublisherImplBase {

  private final List<PublishRequest> requests = new CopyOnWriteArrayList<>();
  private final List<Runnable> heldReplies = new ArrayList<>();
  private final AtomicLong nextId = new AtomicLong();
  private boolean holding;
  private volatile Status failure;
  private final AtomicInteger storedButFailed = new AtomicInteger();
  private volatile Status storedFailure;

  @Override
  public void publish(PublishRequest request, StreamObserver<PublishResponse> replies) {
    requests.add(request);
    Status afterStoring = storedFailure;
    if (afterStoring != null && storedButFailed.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      // The messages are on the topic (recorded above); only the answer is an error.
      replies.onError(afterStoring.asRuntimeException());
      return;
    }
    Status failWith = failure;
    if (failWith != null) {
      replies.onError(failWith.asRuntimeException());
      return;
    }
    Runnable reply =
        () -> {
          PublishResponse.Builder response = PublishResponse.newBuilder();
          for (int i = 0; i < request.getMessagesCount(); i++) {
            response.addMessageIds(Long.toString(nextId.incrementAndGet()));
          }
          replies.onNext(response.build());
          replies.onCompleted();
        };
    synchronized (this) {
      if (holding) {
        heldReplies.add(reply);
        return;
      }
    }
    reply.run();
  }

  /** Stops acknowledging until {@link #release()}. */
  public synchronized void hold() {
    holding = true;
  }

  /** Acknowledges everything held and stops holding. */
  public void release() {
    List<Runnable> replies;
    synchronized (this) {
      holding = false;
      replies = new ArrayList<>(heldReplies);
      heldReplies.clear();
    }
    replies.forEach(Runnable::run);
  }

  /**
   * Stores each of the next {@code count} requests (their messages count as on the topic) and
   * answers it with {@code status} nevertheless; then acknowledges as usual.
   */
  public void storeThenFail(int count, Status status) {
    this.storedFailure = status;
    this.storedButFailed.set(count);
  }

  /** Fails every request from now on with {@code status}. */
  public void failWith(Status status) {
    this.failure = status;
  }

  public List<PublishRequest> requests() {
    return List.copyOf(requests);
  }

  public List<PubsubMessage> messages() {
    return requests.stream().flatMap(request -> request.getMessagesList().stream()).toList();
  }

  /** Messages received, acknowledged or not. */
  public int messageCount() {
    return requests.stream().mapToInt(PublishRequest::getMessagesCount).sum();
  }
}
