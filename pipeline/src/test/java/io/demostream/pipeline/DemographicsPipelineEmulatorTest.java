package io.demostream.pipeline;

import static io.demostream.pipeline.testing.Warehouse.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.UserEventAttributes;
import io.demostream.events.UserEventMessage;
import io.demostream.events.UserEventMessages;
import io.demostream.events.testing.PubSubEmulator;
import io.demostream.events.warehouse.WarehouseViews;
import io.demostream.pipeline.sink.JdbcWarehouse;
import io.demostream.pipeline.testing.EmulatorRun;
import io.demostream.pipeline.testing.EmulatorTopic;
import io.demostream.pipeline.testing.HeldBackUsers;
import io.demostream.pipeline.testing.TestUsers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * End to end against the real Pub/Sub emulator, on the DirectRunner and on an embedded Flink
 * cluster: the {@link HeldBackUsers} (chosen event times, one user redelivered with the same {@code
 * event_id}, malformed messages) go in; the same exact aggregates and dead letters must come out in
 * an H2 warehouse on both runners ({@code FlinkApplicationModeEmulatorTest}: and in Flink's
 * application mode with the operator's arguments). The pipeline is drained (signal file on the
 * DirectRunner, stop with drain through Flink's REST API), so the final panes are deterministic.
 * Skipped, with the reason, where no emulator can be found; {@code WriteToJdbcTest} covers the same
 * path with a test stream.
 */
@RunWith(Parameterized.class)
public class DemographicsPipelineEmulatorTest {

  @Parameters(name = "{0}")
  public static List<Object[]> runners() {
    return List.of(new Object[] {"DirectRunner"}, new Object[] {"FlinkRunner"});
  }

  private final String runner;

  public DemographicsPipelineEmulatorTest(String runner) {
    this.runner = runner;
  }

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private EmulatorTopic topic;

  @Before
  public void createTopicAndSubscription() throws Exception {
    Assume.assumeTrue(PubSubEmulator.skipReason(), PubSubEmulator.isAvailable());
    topic = EmulatorTopic.create();
  }

  @After
  public void closeTopic() throws InterruptedException {
    if (topic != null) {
      topic.close();
    }
  }

  @Test
  public void publishedUsersBecomeExactAggregatesAndBadMessagesDeadLetters() throws Exception {
    topic.publish(HeldBackUsers.messages());

    // Early panes show every user and the dead letters arrive, while the stream runs.
    EmulatorRun run =
        runDrainedOnceSeen(HeldBackUsers.DEAD_LETTERS, HeldBackUsers.USERS_OF_FIRST_WINDOW);

    HeldBackUsers.assertExactFigures(run);
  }

  /**
   * The poison message of issue 14: without a usable {@code event_time}, Beam's timestamp attribute
   * threw inside the reader and killed the pipeline, and the unacknowledged message killed every
   * restart. Now each such message is dead-lettered with its reason, the users beside it count, and
   * the pipeline runs on until drained.
   */
  @Test
  public void messagesWithBrokenEventTimesAreDeadLetteredAndThePipelineLives() throws Exception {
    Instant t0 = TestUsers.T0;
    UserEventMessage valid = TestUsers.message("ok1", t0.plusSeconds(5), "male", 30, 2, "Norway");
    topic.publish(
        List.of(
            new UserEventMessage(valid.data(), Map.of()),
            withEventTime(valid, "no-time", null),
            withEventTime(valid, "empty-time", ""),
            withEventTime(valid, "bad-time", "yesterday"),
            withEventTime(
                valid,
                "future-time",
                UserEventMessages.EVENT_TIME_FORMAT.format(Instant.now().plusSeconds(3600))),
            valid,
            TestUsers.message("ok2", t0.plusSeconds(15), "female", 40, 4, "Norway")));

    EmulatorRun run = runDrainedOnceSeen(5, 2);
    JdbcWarehouse warehouse = run.warehouse();

    assertThat(
            query(
                warehouse, "SELECT error FROM dead_letter WHERE error LIKE 'attributes.event_id%'"))
        .as("the message without any attributes")
        .hasSize(1);
    assertThat(
            query(
                warehouse,
                "SELECT error FROM dead_letter WHERE error LIKE 'attributes.event_time: MISSING%'"))
        .hasSize(2);
    assertThat(
            query(
                warehouse,
                "SELECT error FROM dead_letter"
                    + " WHERE error LIKE 'attributes.event_time: UNPARSABLE_DATE%'"))
        .hasSize(1);
    assertThat(
            query(
                warehouse,
                "SELECT error FROM dead_letter"
                    + " WHERE error LIKE 'attributes.event_time: OUT_OF_RANGE%'"))
        .hasSize(1);
    assertThat(
            run.latest(
                WarehouseViews.LATEST_WINDOW_SUMMARY,
                "window_start, pane_timing, users, male, female",
                "window_start"))
        .containsExactly("2026-03-01 10:00:00+00|ON_TIME|2|1|1");
  }

  /**
   * Runs the pipeline over the topic on this test's runner, and drains it once the warehouse has
   * {@code deadLetters} dead letters and a window of {@code windowUsers} users.
   */
  private EmulatorRun runDrainedOnceSeen(long deadLetters, long windowUsers) throws Exception {
    EmulatorRun run = EmulatorRun.of(topic, folder.getRoot().toPath());
    // The users are stamped in March 2026 and published now: a replay of old data.
    run.runDrained(
        runner,
        run.args("--maxEventAge=0s"),
        () ->
            EmulatorRun.awaitUntil(
                () ->
                    run.count("SELECT COUNT(*) FROM dead_letter") == deadLetters
                        && run.count("SELECT COALESCE(MAX(users), 0) FROM window_summary")
                            == windowUsers));
    return run;
  }

  /** {@code message} under another id, with {@code eventTime} as its attribute (null: none). */
  private static UserEventMessage withEventTime(
      UserEventMessage message, String eventId, String eventTime) {
    Map<String, String> attributes = new java.util.HashMap<>(message.attributes());
    attributes.put(UserEventAttributes.EVENT_ID, eventId);
    if (eventTime == null) {
      attributes.remove(UserEventAttributes.EVENT_TIME);
    } else {
      attributes.put(UserEventAttributes.EVENT_TIME, eventTime);
    }
    return new UserEventMessage(message.data(), attributes);
  }
}
