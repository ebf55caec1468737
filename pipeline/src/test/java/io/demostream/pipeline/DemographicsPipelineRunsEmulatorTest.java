package io.demostream.pipeline;

import static io.demostream.pipeline.testing.Warehouse.count;
import static io.demostream.pipeline.testing.Warehouse.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demostream.events.UserEventMessage;
import io.demostream.events.testing.PubSubEmulator;
import io.demostream.events.warehouse.WarehouseViews;
import io.demostream.pipeline.sink.JdbcWarehouse;
import io.demostream.pipeline.testing.EmulatorRun;
import io.demostream.pipeline.testing.EmulatorTopic;
import io.demostream.pipeline.testing.TestUsers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.PipelineResult;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Consecutive pipeline runs on the DirectRunner against the real Pub/Sub emulator, into one H2
 * warehouse and one 10-minute window, as consecutive runs of the control-service make them: each
 * run is a fresh pipeline, a new incarnation. The views must add the runs up, and everything
 * published must be counted exactly once across them, also when a run is drained before it has read
 * everything (its leftovers are the next run's). Skipped, with the reason, where no emulator can be
 * found; {@code DemographicsPipelineIncarnationsTest} covers the model with test streams.
 */
@RunWith(JUnit4.class)
public class DemographicsPipelineRunsEmulatorTest {

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private EmulatorTopic topic;
  private EmulatorRun run;
  private JdbcWarehouse warehouse;

  @Before
  public void createTopicAndWarehouse() throws Exception {
    Assume.assumeTrue(PubSubEmulator.skipReason(), PubSubEmulator.isAvailable());
    // A short ack deadline: what a drained run pulled but never acknowledged comes back soon.
    topic = EmulatorTopic.create(10);
    run = EmulatorRun.of(topic, folder.getRoot().toPath());
    warehouse = run.warehouse();
  }

  @After
  public void closeTopic() throws InterruptedException {
    if (topic != null) {
      topic.close();
    }
  }

  private static List<UserEventMessage> users(String prefix, int count, int firstSecond) {
    List<UserEventMessage> users = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant eventTime = TestUsers.T0.plusSeconds(firstSecond + i % 500);
      users.add(
          TestUsers.message(
              prefix + i, eventTime, i % 2 == 0 ? "male" : "female", 20 + i % 50, 3, "Norway"));
    }
    return users;
  }

  /** Starts a fresh pipeline: a new incarnation. */
  private PipelineResult start(String incarnationId, Path drain) {
    return run.startOnDirectRunner(
        run.args(
            "--windowSize=10m",
            // The users are stamped in March 2026 and published now: a replay of old data.
            "--maxEventAge=0s",
            "--incarnationId=" + incarnationId),
        drain);
  }

  private void drain(PipelineResult result, Path drain) throws Exception {
    EmulatorRun.drain(result, drain, Duration.ofSeconds(90));
  }

  private long counted(String incarnationId) {
    return count(
        warehouse,
        "SELECT COALESCE(SUM(users), 0) FROM ("
            + WarehouseViews.LATEST_WINDOW_SUMMARY.incarnationSelectSql(
                UnaryOperator.identity(), "'" + incarnationId + "'")
            + ") latest");
  }

  private List<String> window() {
    return query(
        warehouse,
        "SELECT users, male, female, incarnations FROM ("
            + WarehouseViews.LATEST_WINDOW_SUMMARY.selectSql(UnaryOperator.identity())
            + ") latest");
  }

  @Test
  public void twoConsecutiveRunsIntoOneWindowReconcileAndTheViewsAddThemUp() throws Exception {
    // Run 1 publishes 30 users into the 10:00 window and counts them all before its drain.
    topic.publish(users("a", 30, 0));
    Path firstDrain = folder.getRoot().toPath().resolve("drain-1");
    PipelineResult first = start("run-1", firstDrain);
    await().atMost(Duration.ofSeconds(90)).until(() -> counted("run-1") == 30);
    drain(first, firstDrain);

    // Run 2, a fresh pipeline on the same subscription, publishes 20 more into the same window.
    topic.publish(users("b", 20, 100));
    Path secondDrain = folder.getRoot().toPath().resolve("drain-2");
    PipelineResult second = start("run-2", secondDrain);
    await().atMost(Duration.ofSeconds(90)).until(() -> counted("run-2") == 20);
    drain(second, secondDrain);

    // Each run: published = counted (no dead letters); the view: both runs added up.
    assertThat(counted("run-1")).isEqualTo(30);
    assertThat(counted("run-2")).isEqualTo(20);
    assertThat(window()).containsExactly("50|25|25|2");
    assertThat(count(warehouse, "SELECT COUNT(*) FROM dead_letter")).isZero();
  }

  @Test
  public void aRunDrainedWithMessagesInFlightLeavesThemToTheNextRunAndNothingIsLost()
      throws Exception {
    // 300 users published; run 1 is drained as soon as it has counted some, not all.
    topic.publish(users("c", 300, 0));
    Path firstDrain = folder.getRoot().toPath().resolve("drain-1");
    PipelineResult first = start("run-1", firstDrain);
    await().atMost(Duration.ofSeconds(90)).until(() -> counted("run-1") > 0);
    drain(first, firstDrain);
    long countedByFirst = counted("run-1");

    // Run 2 reads what run 1 left on the subscription (redelivered after the ack deadline).
    Path secondDrain = folder.getRoot().toPath().resolve("drain-2");
    PipelineResult second = start("run-2", secondDrain);
    await().atMost(Duration.ofSeconds(120)).until(() -> countedByFirst + counted("run-2") >= 300);
    drain(second, secondDrain);

    // Exactly once across the two incarnations, and the view says so.
    assertThat(countedByFirst + counted("run-2")).isEqualTo(300);
    assertThat(window()).singleElement().asString().startsWith("300|150|150|");
  }
}
