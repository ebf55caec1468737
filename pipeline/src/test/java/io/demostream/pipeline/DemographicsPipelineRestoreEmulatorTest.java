package io.demostream.pipeline;

import static io.demostream.pipeline.testing.Warehouse.count;
import static io.demostream.pipeline.testing.Warehouse.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demostream.events.UserEventMessage;
import io.demostream.events.testing.PubSubEmulator;
import io.demostream.events.warehouse.WarehouseViews;
import io.demostream.pipeline.flink.RetainedCheckpoints;
import io.demostream.pipeline.sink.JdbcWarehouse;
import io.demostream.pipeline.testing.EmbeddedFlink;
import io.demostream.pipeline.testing.EmulatorRun;
import io.demostream.pipeline.testing.EmulatorTopic;
import io.demostream.pipeline.testing.TestUsers;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A pipeline process on an embedded Flink cluster killed ({@code kill -9}) in the middle of a
 * window and started again with the same options and {@code --restoreLatestCheckpoint}: it resumes
 * from its last retained checkpoint (window state and the {@code event_id} deduplication state
 * included) on the same subscription, messages it had read but not acknowledged are redelivered and
 * counted once, and after a drain the warehouse reconciles exactly: published = counted +
 * dead-lettered. Skipped, with the reason, where no emulator can be found.
 */
@RunWith(JUnit4.class)
public class DemographicsPipelineRestoreEmulatorTest {

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private EmulatorTopic topic;
  private final List<Process> processes = new ArrayList<>();
  private Connection warehouseServer;

  @Before
  public void createTopicAndSubscription() throws Exception {
    Assume.assumeTrue(PubSubEmulator.skipReason(), PubSubEmulator.isAvailable());
    topic = EmulatorTopic.create();
  }

  @After
  public void stopEverything() throws Exception {
    for (Process process : processes) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (topic != null) {
      topic.close();
    }
    if (warehouseServer != null) {
      warehouseServer.close();
    }
  }

  @Test
  public void killedPipelineResumesFromItsCheckpointAndCountsEveryUserOnce() throws Exception {
    // Event times of now, in one day-long window that stays open for the whole test, so that users
    // published after the restart are on time whatever the watermark did meanwhile.
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<UserEventMessage> before = users("a", 40, now);
    List<UserEventMessage> after = users("b", 30, now);
    EmbeddedFlink flink = EmbeddedFlink.in(folder.newFolder("flink").toPath());
    EmulatorRun run = EmulatorRun.of(topic, folder.getRoot().toPath());
    JdbcWarehouse warehouse = run.warehouse();
    // This JVM serves the H2 file (AUTO_SERVER), so killing a pipeline process never leaves it
    // locked.
    warehouseServer = warehouse.connect();
    List<String> args = new ArrayList<>(flink.options());
    args.addAll(
        run.args("--windowSize=1d", "--allowedLateness=1d", "--restoreLatestCheckpoint=true"));

    // The first incarnation counts the first users and checkpoints them (acknowledging them).
    topic.publish(before);
    Process first = start(args, "first");
    String firstJob = flink.awaitRunningJob(Duration.ofSeconds(120));
    await()
        .atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .until(() -> maxUsers(warehouse) == before.size());
    long counted = System.currentTimeMillis();
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> flink.latestCompletedCheckpointTriggeredAt(firstJob) > counted);
    // Killed mid-window: the window's state lives only in the checkpoint now.
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(RetainedCheckpoints.latest(flink.checkpoints().toString())).isPresent();

    // Meanwhile more users arrive, and one of the first users is delivered again.
    List<UserEventMessage> published = new ArrayList<>(after);
    published.add(before.get(0));
    topic.publish(published);

    // The second incarnation restores the window and the deduplication state, then is drained.
    Process second = start(args, "second");
    String secondJob = flink.awaitRunningJob(Duration.ofSeconds(120));
    int expected = before.size() + after.size();
    await()
        .atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .until(() -> maxUsers(warehouse) == expected);
    flink.stopWithDrain(secondJob);
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isZero();

    assertThat(
            query(
                warehouse,
                "SELECT users FROM ("
                    + WarehouseViews.LATEST_WINDOW_SUMMARY.selectSql(UnaryOperator.identity())
                    + ") latest"))
        .containsExactly(String.valueOf(expected));
    assertThat(
            count(
                warehouse,
                "SELECT SUM(users) FROM ("
                    + WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER.selectSql(
                        UnaryOperator.identity())
                    + ") latest"))
        .isEqualTo(expected);
    assertThat(count(warehouse, "SELECT COUNT(*) FROM dead_letter")).isZero();
  }

  private static List<UserEventMessage> users(String prefix, int n, Instant eventTime) {
    List<UserEventMessage> users = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      users.add(
          TestUsers.message(
              prefix + i,
              eventTime.minusSeconds(i % 10),
              i % 2 == 0 ? "female" : "male",
              20 + i,
              1 + i % 5,
              i % 3 == 0 ? "Norway" : "Spain"));
    }
    return users;
  }

  private static long maxUsers(JdbcWarehouse warehouse) {
    return count(warehouse, "SELECT COALESCE(MAX(users), 0) FROM window_summary");
  }

  /** The pipeline's {@code main} in a child JVM, as the local launcher starts it. */
  private Process start(List<String> args, String name) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DemographicsPipeline.class.getName());
    command.addAll(args);
    File log = folder.getRoot().toPath().resolve(name + ".log").toFile();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    processes.add(process);
    return process;
  }
}
