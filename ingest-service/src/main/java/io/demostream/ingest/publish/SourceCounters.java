package io.demostream.ingest.publish;

import io.demostream.events.EventSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The counters every producer of messages keeps (an ingestion run, the push endpoint), each tagged
 * {@code source} with the wire name of the messages' {@code source} attribute. Registered for every
 * source up front, so each series exists from the start. Micrometer returns the same meter for the
 * same name and tags, so any number of instances share the counts.
 */
public final class SourceCounters {

  public static final String USERS_FETCHED = "demostream.ingest.users.fetched";
  public static final String INVALID_RECORDS = "demostream.ingest.invalid.records";
  public static final String MESSAGES_PUBLISHED = "demostream.ingest.messages.published";
  public static final String PUBLISH_FAILURES = "demostream.ingest.publish.failures";
  public static final String SOURCE_TAG = "source";

  private final Map<EventSource, Counter> usersFetched = new EnumMap<>(EventSource.class);
  private final Map<EventSource, Counter> invalidRecords = new EnumMap<>(EventSource.class);
  private final Map<EventSource, Counter> messagesPublished = new EnumMap<>(EventSource.class);
  private final Map<EventSource, Counter> publishFailures = new EnumMap<>(EventSource.class);

  public SourceCounters(MeterRegistry meters) {
    for (EventSource source : EventSource.values()) {
      usersFetched.put(
          source, counter(meters, USERS_FETCHED, "valid users accepted from the source", source));
      invalidRecords.put(
          source,
          counter(
              meters,
              INVALID_RECORDS,
              "records failing validation, plus malformed responses",
              source));
      messagesPublished.put(
          source, counter(meters, MESSAGES_PUBLISHED, "publishes acknowledged by Pub/Sub", source));
      publishFailures.put(
          source,
          counter(meters, PUBLISH_FAILURES, "publishes the Pub/Sub client gave up on", source));
    }
  }

  private static Counter counter(
      MeterRegistry meters, String name, String description, EventSource source) {
    return Counter.builder(name)
        .description(description)
        .tag(SOURCE_TAG, source.wireName())
        .register(meters);
  }

  /** Valid users taken from a source, and the invalid records it sent. */
  public void fetched(EventSource source, int users, int invalid) {
    usersFetched.get(source).increment(users);
    if (invalid > 0) {
      invalidRecords.get(source).increment(invalid);
    }
  }

  public void published(EventSource source) {
    messagesPublished.get(source).increment();
  }

  public void publishFailed(EventSource source) {
    publishFailures.get(source).increment();
  }
}
