package io.demostream.ingest.ingestion;

import io.demostream.events.EventSource;
import io.demostream.ingest.publish.SourceCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The ingestion meters, cumulative over the service's life (the status counts are per run). The
 * per-source counters ({@link SourceCounters}, tagged {@code source}) are shared with the push
 * endpoint; source failures and the running gauge belong to runs alone.
 */
class IngestionMetrics {

  static final String USERS_FETCHED = SourceCounters.USERS_FETCHED;
  static final String MESSAGES_PUBLISHED = SourceCounters.MESSAGES_PUBLISHED;
  static final String PUBLISH_FAILURES = SourceCounters.PUBLISH_FAILURES;
  static final String INVALID_RECORDS = SourceCounters.INVALID_RECORDS;
  static final String SOURCE_FAILURES = "demostream.ingest.source.failures";
  static final String RUNNING = "demostream.ingest.running";

  private final SourceCounters counters;
  private final Map<EventSource, Counter> sourceFailures = new EnumMap<>(EventSource.class);

  IngestionMetrics(MeterRegistry meters, Supplier<IngestionState> state) {
    counters = new SourceCounters(meters);
    for (EventSource source : EventSource.values()) {
      sourceFailures.put(
          source,
          Counter.builder(SOURCE_FAILURES)
              .description("fetches that failed after retries or were refused by the breaker")
              .tag(SourceCounters.SOURCE_TAG, source.wireName())
              .register(meters));
    }
    Gauge.builder(RUNNING, () -> state.get() == IngestionState.RUNNING ? 1 : 0)
        .description("1 while ingestion is RUNNING, else 0")
        .register(meters);
  }

  void fetched(EventSource source, int users, int invalid) {
    counters.fetched(source, users, invalid);
  }

  void sourceFailed(EventSource source) {
    sourceFailures.get(source).increment();
  }

  void published(EventSource source) {
    counters.published(source);
  }

  void publishFailed(EventSource source) {
    counters.publishFailed(source);
  }
}
