package io.demostream.ingest.ingestion;

import io.demostream.events.EventSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The ingestion meters, cumulative over the service's life (the status counts are per run). Source
 * counters are tagged {@code source}; publish-side ones are not, since a message's source is in its
 * attributes and one run publishes at a time.
 */
class IngestionMetrics {

  static final String USERS_FETCHED = "demostream.ingest.users.fetched";
  static final String MESSAGES_PUBLISHED = "demostream.ingest.messages.published";
  static final String PUBLISH_FAILURES = "demostream.ingest.publish.failures";
  static final String INVALID_RECORDS = "demostream.ingest.invalid.records";
  static final String SOURCE_FAILURES = "demostream.ingest.source.failures";
  static final String RUNNING = "demostream.ingest.running";

  private final Map<EventSource, Counter> usersFetched = new EnumMap<>(EventSource.class);
  private final Map<EventSource, Counter> invalidRecords = new EnumMap<>(EventSource.class);
  private final Map<EventSource, Counter> sourceFailures = new EnumMap<>(EventSource.class);
  private final Counter messagesPublished;
  private final Counter publishFailures;

  IngestionMetrics(MeterRegistry meters, Supplier<IngestionState> state) {
    for (EventSource source : EventSource.values()) {
      usersFetched.put(
          source,
          Counter.builder(USERS_FETCHED)
              .description("valid users accepted from the source")
              .tag("source", source.wireName())
              .register(meters));
      invalidRecords.put(
          source,
          Counter.builder(INVALID_RECORDS)
              .description("records failing validation, plus malformed responses")
              .tag("source", source.wireName())
              .register(meters));
      sourceFailures.put(
          source,
          Counter.builder(SOURCE_FAILURES)
              .description("fetches that failed after retries or were refused by the breaker")
              .tag("source", source.wireName())
              .register(meters));
    }
    messagesPublished =
        Counter.builder(MESSAGES_PUBLISHED)
            .description("publishes acknowledged by Pub/Sub")
            .register(meters);
    publishFailures =
        Counter.builder(PUBLISH_FAILURES)
            .description("publishes the Pub/Sub client gave up on")
            .register(meters);
    Gauge.builder(RUNNING, () -> state.get() == IngestionState.RUNNING ? 1 : 0)
        .description("1 while ingestion is RUNNING, else 0")
        .register(meters);
  }

  void fetched(EventSource source, int users, int invalid) {
    usersFetched.get(source).increment(users);
    if (invalid > 0) {
      invalidRecords.get(source).increment(invalid);
    }
  }

  void sourceFailed(EventSource source) {
    sourceFailures.get(source).increment();
  }

  void published() {
    messagesPublished.increment();
  }

  void publishFailed() {
    publishFailures.increment();
  }
}
