package io.demostream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.UserEventMessage;
import io.demostream.events.testing.PubSubEmulator;
import io.demostream.events.warehouse.WarehouseViews;
import io.demostream.pipeline.sink.JdbcWarehouse;
import io.demostream.pipeline.testing.EmulatorRun;
import io.demostream.pipeline.testing.EmulatorTopic;
import io.demostream.pipeline.testing.HostileCorpus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.PipelineResult;
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
      EmulatorRun run = EmulatorRun.of(topic, folder.getRoot().toPath());
      JdbcWarehouse warehouse = run.warehouse();
      Path drain = folder.getRoot().toPath().resolve("drain");

      PipelineResult result = run.startOnDirectRunner(run.args(), drain);
      try {
        EmulatorRun.awaitUntil(
            () ->
                run.count("SELECT COUNT(*) FROM dead_letter") >= deadLetters
                    && run.count(
                            "SELECT COALESCE(SUM(users), 0) FROM ("
                                + WarehouseViews.LATEST_WINDOW_SUMMARY.selectSql(
                                    UnaryOperator.identity())
                                + ") latest")
                        >= users);
        assertThat(result.getState()).isEqualTo(PipelineResult.State.RUNNING);
      } catch (RuntimeException | Error e) {
        result.cancel();
        throw e;
      }
      EmulatorRun.drain(result, drain, Duration.ofSeconds(90));
      HostileCorpus.assertOutcomes(warehouse, cases);
    }
  }
}
