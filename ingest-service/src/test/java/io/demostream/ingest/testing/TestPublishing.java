package io.demostream.ingest.testing;

import io.demostream.events.EventSource;
import io.demostream.ingest.ingestion.IngestionProperties;
import io.demostream.ingest.ingestion.IngestionService;
import io.demostream.ingest.ingestion.StartDefaults;
import io.demostream.ingest.publish.PublishProperties;
import io.demostream.ingest.publish.PublisherBatchingCustomizer;
import io.demostream.ingest.publish.TopicProperties;
import io.demostream.ingest.publish.UserEventPublisher;
import io.demostream.ingest.source.RandomUserClient;
import io.demostream.ingest.source.RandomUserProperties;
import io.demostream.ingest.source.SyntheticProperties;
import io.demostream.ingest.source.UserSources;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * The real publisher over the {@link InProcessPubSub} fake topic {@code users}, and an ingestion
 * service publishing through it: what the ingestion, replay and push tests share. The caller closes
 * {@link #pubSub()}.
 */
public final class TestPublishing {

  private final PublishProperties properties;
  private final InProcessPubSub pubSub;
  private final UserEventPublisher publisher;
  private final MeterRegistry meters;

  private TestPublishing(int maxInFlight, MeterRegistry meters) {
    this.meters = meters;
    this.properties =
        new PublishProperties(
            maxInFlight,
            DataSize.ofMegabytes(64),
            100,
            DataSize.ofMegabytes(1),
            Duration.ofMillis(5),
            Duration.ofSeconds(20));
    // The Pub/Sub client refuses a total publish timeout under 10 s.
    this.pubSub =
        new InProcessPubSub(new PublisherBatchingCustomizer(properties), Duration.ofSeconds(10));
    this.publisher =
        new UserEventPublisher(pubSub.template(), new TopicProperties("users"), properties, meters);
  }

  /** Publishing with at most {@code maxInFlight} unacknowledged messages. */
  public static TestPublishing start(int maxInFlight, MeterRegistry meters) {
    return new TestPublishing(maxInFlight, meters);
  }

  public InProcessPubSub pubSub() {
    return pubSub;
  }

  public UserEventPublisher publisher() {
    return publisher;
  }

  public PublishProperties properties() {
    return properties;
  }

  /**
   * randomuser.me at {@code baseUrl}: 10 results a request, one attempt, short timeouts, so that a
   * test whose source is another never waits for it.
   */
  public static RandomUserProperties randomUser(URI baseUrl, double requestsPerSecond) {
    return new RandomUserProperties(
        baseUrl,
        10,
        requestsPerSecond,
        List.of(),
        null,
        Duration.ofMillis(200),
        Duration.ofMillis(200),
        1,
        Duration.ofMillis(10),
        Duration.ofMillis(10),
        Duration.ofSeconds(1));
  }

  /** An ingestion service (synthetic by default) publishing here. */
  public IngestionService ingestion(
      RandomUserClient client, RandomUserProperties randomUser, SyntheticProperties synthetic) {
    return new IngestionService(
        new UserSources(client, randomUser, synthetic, Clock.systemUTC()),
        publisher,
        new StartDefaults(new IngestionProperties(EventSource.SYNTHETIC), randomUser, synthetic),
        properties,
        meters,
        Clock.systemUTC());
  }
}
