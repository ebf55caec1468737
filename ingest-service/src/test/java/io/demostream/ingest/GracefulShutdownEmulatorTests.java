package io.demostream.ingest;

import static io.demostream.ingest.testing.ContractAssertions.assertContractMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.pubsub.v1.PubsubMessage;
import io.demostream.events.EventSource;
import io.demostream.events.testing.PubSubEmulator;
import io.demostream.ingest.ingestion.IngestionService;
import io.demostream.ingest.ingestion.IngestionState;
import io.demostream.ingest.ingestion.IngestionStatus;
import io.demostream.ingest.ingestion.StartCommand;
import io.demostream.ingest.testing.EmulatorPubSub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing the application mid-run on the real emulator: fetching stops, in-flight publishes
 * complete, and every user the run accepted is on the topic.
 */
class GracefulShutdownEmulatorTests {

  @BeforeAll
  static void requireEmulator() {
    assumeTrue(PubSubEmulator.isAvailable(), PubSubEmulator.skipReason());
  }

  @Test
  void closingTheApplicationWhileRunningPublishesEveryAcceptedUser() throws Exception {
    String emulator = PubSubEmulator.hostPort().orElseThrow();
    try (EmulatorPubSub pubSub = new EmulatorPubSub(emulator, "shutdown")) {
      ConfigurableApplicationContext app =
          new SpringApplicationBuilder(IngestApplication.class)
              .run(
                  "--server.port=0",
                  "--management.server.port=0",
                  "--spring.cloud.gcp.project-id=" + EmulatorPubSub.PROJECT,
                  "--spring.cloud.gcp.pubsub.emulator-host=" + emulator,
                  "--demostream.ingest.topic=" + pubSub.topicId(),
                  "--demostream.security.api-token=shutdown-test-token");
      IngestionService ingestion = app.getBean(IngestionService.class);
      ingestion.start(new StartCommand(EventSource.SYNTHETIC, 20_000, null, null, null, null));
      await().until(() -> ingestion.status().counts().usersFetched() >= 2_000);

      app.close();

      IngestionStatus after = ingestion.status();
      assertThat(after.state()).isEqualTo(IngestionState.STOPPED);
      assertThat(after.counts().publishFailures()).isZero();
      assertThat(after.counts().messagesPublished())
          .isEqualTo(after.counts().usersFetched())
          .isGreaterThanOrEqualTo(2_000);
      List<PubsubMessage> pulled = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                pulled.addAll(pubSub.pullAvailable());
                return pulled.size() >= after.counts().messagesPublished();
              });
      pulled.addAll(pubSub.pullAvailable());
      assertThat(pulled).hasSize((int) after.counts().messagesPublished());
      assertContractMessage(pulled.get(0), "synthetic");
    }
  }
}
