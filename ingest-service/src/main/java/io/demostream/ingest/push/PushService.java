package io.demostream.ingest.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demostream.events.EventSource;
import io.demostream.events.UserEventMessage;
import io.demostream.events.UserEventMessages;
import io.demostream.events.UserFields;
import io.demostream.events.UserRecordReader;
import io.demostream.events.Validated;
import io.demostream.events.ValidationError;
import io.demostream.ingest.publish.SourceCounters;
import io.demostream.ingest.publish.UserEventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Publishes pushed users: each validated by {@link UserRecordReader} exactly as a polled one, the
 * valid ones turned into contract messages (credentials removed, {@code source=push}) and published
 * all together, the invalid ones reported with their index and field and never published.
 *
 * <ul>
 *   <li><b>Event ids.</b> With an {@code Idempotency-Key}, user {@code i} gets {@link
 *       UserEventMessages#idempotentEventId}{@code (key, i)}: the same request sent again yields
 *       the same ids, and the pipeline, which deduplicates by {@code event_id}, counts it once.
 *       Without a key, the contract's rule: {@code login.uuid}, else a random id.
 *   <li><b>Back-pressure.</b> The users of a request take their in-flight slots all at once, or the
 *       request is refused with {@link PushOverloadedException} (429) and nothing is published:
 *       memory stays bounded by {@code max-in-flight}.
 *   <li><b>Nothing half-done.</b> The request is answered only when Pub/Sub acknowledged every
 *       user; if any publish fails or the wait passes {@code publish-timeout}, {@link
 *       PushUnavailableException} (503) and no count, so the caller sends it again.
 * </ul>
 */
@Service
public class PushService {

  private static final Logger log = LoggerFactory.getLogger(PushService.class);

  private final UserEventPublisher publisher;
  private final PushProperties properties;
  private final SourceCounters counters;
  private final ObjectMapper json;
  private final Clock clock;

  public PushService(
      UserEventPublisher publisher,
      PushProperties properties,
      MeterRegistry meters,
      ObjectMapper json,
      Clock clock) {
    this.publisher = publisher;
    this.properties = properties;
    this.counters = new SourceCounters(meters);
    this.json = json;
    this.clock = clock;
  }

  /** The most users one request may carry: the configured limit, and never beyond in-flight. */
  public int maxUsersPerRequest() {
    return Math.min(properties.maxUsersPerRequest(), publisher.maxInFlight());
  }

  /** The largest body accepted, in bytes. */
  public long maxBodyBytes() {
    return properties.maxBodySize().toBytes();
  }

  /**
   * Validates and publishes one pushed body.
   *
   * @param ndjson true for {@code application/x-ndjson}, else one JSON document
   * @param idempotencyKey the request's {@code Idempotency-Key}, or null
   * @throws MalformedPushException when the body is not JSON (or not NDJSON) at all
   * @throws PushTooLargeException past {@link #maxUsersPerRequest()}
   * @throws PushOverloadedException when publishing has fallen behind
   * @throws PushUnavailableException when publishing failed; nothing is reported accepted
   */
  public PushResult push(byte[] body, boolean ndjson, String idempotencyKey) {
    List<PushedBody.Entry> entries = PushedBody.read(body, ndjson, json);
    int max = maxUsersPerRequest();
    if (entries.size() > max) {
      throw new PushTooLargeException(
          "maxUsersPerRequest",
          max,
          entries.size() + " users in one request; at most " + max + " are accepted");
    }
    Instant observedAt = clock.instant();
    List<UserEventMessage> messages = new ArrayList<>(entries.size());
    List<PushResult.Rejection> rejected = new ArrayList<>();
    int rejectedUsers = 0;
    for (int index = 0; index < entries.size(); index++) {
      PushedBody.Entry entry = entries.get(index);
      if (entry.json() == null) {
        rejected.add(
            new PushResult.Rejection(
                index, "$", ValidationError.Reason.INVALID_JSON.name(), entry.unreadable()));
        rejectedUsers++;
        continue;
      }
      Validated<UserFields> fields = UserRecordReader.read(entry.json());
      if (!fields.isValid()) {
        for (ValidationError error : fields.errors()) {
          rejected.add(
              new PushResult.Rejection(
                  index, error.field(), error.reason().name(), error.message()));
        }
        rejectedUsers++;
        continue;
      }
      messages.add(
          UserEventMessages.toMessageWithEventId(
              (ObjectNode) entry.json(),
              eventId(idempotencyKey, index, fields.value()),
              observedAt,
              EventSource.PUSH));
    }
    publishAll(messages);
    counters.fetched(EventSource.PUSH, messages.size(), rejectedUsers);
    return new PushResult(messages.size(), rejected);
  }

  private static String eventId(String idempotencyKey, int index, UserFields fields) {
    if (idempotencyKey != null) {
      return UserEventMessages.idempotentEventId(idempotencyKey, index);
    }
    return fields.loginUuid() != null ? fields.loginUuid() : UUID.randomUUID().toString();
  }

  private void publishAll(List<UserEventMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    CountDownLatch settled = new CountDownLatch(messages.size());
    AtomicInteger failures = new AtomicInteger();
    boolean taken =
        publisher.tryPublishAll(
            messages,
            (id, error) -> {
              if (error == null) {
                counters.published(EventSource.PUSH);
              } else {
                counters.publishFailed(EventSource.PUSH);
                failures.incrementAndGet();
              }
              settled.countDown();
            });
    if (!taken) {
      throw new PushOverloadedException(properties.overloadedRetryAfter());
    }
    boolean done;
    try {
      done = settled.await(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done = false;
    }
    if (!done || failures.get() > 0) {
      log.warn(
          "push of {} user(s) not fully published ({} failed, {} unsettled); answered 503",
          messages.size(),
          failures.get(),
          settled.getCount());
      throw new PushUnavailableException(
          "publishing failed; send the same request again (with the same Idempotency-Key)",
          properties.unavailableRetryAfter());
    }
  }
}
