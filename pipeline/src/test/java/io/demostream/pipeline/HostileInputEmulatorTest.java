package io.demostream.pipeline;

import static io.demostream.pipeline.testing.Warehouse.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demostream.events.UserEventMessage;
import io.demostream.events.testing.PubSubEmulator;
import io.demostream.events.warehouse.WarehouseViews;
import io.demostream.pipeline.sink.JdbcWarehouse;
import io.demostream.pipeline.testing.EmulatorTopic;
import io.demostream.pipeline.testing.HostileCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The hostile corpus published to the real Pub/Sub emulator beside valid users, read by the whole
 * pipeline on the DirectRunner as {@code java -jar} would run it: every hostile message reaches
 * {@code dead_letter} with its reason, every valid user counts once, and the pipeline keeps running
 * until drained. Small by default (5 messages of each hostile kind, 65 in all); {@code
 * -Dhostile.perKind=20} (the bench profile) publishes 260. Skipped, with the reason, where no
 * emulator can be found; {@code HostileInputTest} runs the same corpus everywhere.
 */
@RunWith(JUnit4.class)
public class HostileInputEmulatorTest {

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void hostileMessagesAreDeadLetteredWithTheirReasonAndThePipelineNeverStops()
      throws Exception {
    Assume.assumeTrue(PubSubEmulator.skipReason(), PubSubEmulator.isAvailable());
    int perKind = Integer.getInteger("hostile.perKind", 5);
    List<HostileCorpus.Case> cases = HostileCorpus.build(Instant.now(), 10 * perKind, perKind, 14);
    long deadLetters = HostileCorpus.count(cases, HostileCorpus.Outcome.DEAD_LETTERED);
    long users = HostileCorpus.count(cases, HostileCorpus.Outcome.COUNTED);

    try (EmulatorTopic topic = EmulatorTopic.create()) {
      topic.publish(
          cases.stream().map(c -> new UserEventMessage(c.data(), c.attributes())).toList());
      Path drain = folder.getRoot().toPath().resolve("drain");
      String url = "jdbc:h2:file:" + folder.getRoot() + "/warehouse;AUTO_SERVER=TRUE";
      DemographicsOptions options =
          PipelineOptionsFactory.fromArgs(
                  "--runner=DirectRunner",
                  "--source=pubsub",
                  "--inputSubscription=" + topic.subscriptionPath(),
                  "--pubsubRootUrl=" + EmulatorTopic.rootUrl(),
                  "--earlyFiringInterval=1s",
                  "--sink=jdbc",
                  "--jdbcUrl=" + url,
                  "--drainSignalFile=" + drain)
              .withValidation()
              .as(DemographicsOptions.class);
      JdbcWarehouse warehouse = new JdbcWarehouse(url, "", "");

      PipelineResult result = DemographicsPipeline.run(options);
      try {
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    count(warehouse, "SELECT COUNT(*) FROM dead_letter") >= deadLetters
                        && count(
                                warehouse,
                                "SELECT COALESCE(SUM(users), 0) FROM ("
                                    + WarehouseViews.LATEST_WINDOW_SUMMARY.selectSql(
                                        UnaryOperator.identity())
                                    + ") latest")
                            >= users);
        assertThat(result.getState()).isEqualTo(PipelineResult.State.RUNNING);
        Files.createFile(drain);
        assertThat(result.waitUntilFinish(org.joda.time.Duration.standardSeconds(90)))
            .isEqualTo(PipelineResult.State.DONE);
      } finally {
        if (result.getState() != PipelineResult.State.DONE) {
          result.cancel();
        }
      }
      HostileCorpus.assertOutcomes(warehouse, cases);
    }
  }
}
