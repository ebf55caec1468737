package io.demostream.pipeline;

import static io.demostream.pipeline.testing.Warehouse.count;
import static io.demostream.pipeline.testing.Warehouse.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.demostream.events.UserEventAttributes;
import io.demostream.events.UserEventMessage;
import io.demostream.events.UserEventMessages;
import io.demostream.events.testing.PubSubEmulator;
import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import io.demostream.pipeline.sink.JdbcWarehouse;
import io.demostream.pipeline.testing.TestUsers;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * End to end on the DirectRunner against the real Pub/Sub emulator: users with chosen event times,
 * one of them redelivered with the same {@code event_id}, and malformed messages go in; the exact
 * aggregates and dead letters must come out in an H2 warehouse. The pipeline is drained through its
 * signal file, so the final panes are deterministic. Skipped, with the reason, where no emulator
 * can be found; {@code WriteToJdbcTest} covers the same path with a test stream.
 */
@RunWith(JUnit4.class)
public class DemographicsPipelineEmulatorTest {

  private static final String PROJECT = "demo-project";

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private ManagedChannel channel;
  private TransportChannelProvider channels;
  private TopicName topic;
  private SubscriptionName subscription;

  @Before
  public void createTopicAndSubscription() throws Exception {
    Assume.assumeTrue(PubSubEmulator.skipReason(), PubSubEmulator.isAvailable());
    channel =
        ManagedChannelBuilder.forTarget(PubSubEmulator.hostPort().get()).usePlaintext().build();
    channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    topic = TopicName.of(PROJECT, "users-" + suffix);
    subscription = SubscriptionName.of(PROJECT, "pipeline-" + suffix);
    try (TopicAdminClient topics =
            TopicAdminClient.create(
                TopicAdminSettings.newBuilder()
                    .setTransportChannelProvider(channels)
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .build());
        SubscriptionAdminClient subscriptions =
            SubscriptionAdminClient.create(
                SubscriptionAdminSettings.newBuilder()
                    .setTransportChannelProvider(channels)
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .build())) {
      topics.createTopic(topic);
      subscriptions.createSubscription(subscription, topic, PushConfig.getDefaultInstance(), 60);
    }
  }

  @After
  public void closeChannel() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void publish(List<UserEventMessage> messages) throws Exception {
    Publisher publisher =
        Publisher.newBuilder(topic)
            .setChannelProvider(channels)
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build();
    try {
      List<com.google.api.core.ApiFuture<String>> ids = new ArrayList<>();
      for (UserEventMessage message : messages) {
        ids.add(
            publisher.publish(
                com.google.pubsub.v1.PubsubMessage.newBuilder()
                    .setData(ByteString.copyFrom(message.data()))
                    .putAllAttributes(message.attributes())
                    .build()));
      }
      for (var id : ids) {
        id.get(30, TimeUnit.SECONDS);
      }
    } finally {
      publisher.shutdown();
      publisher.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static UserEventMessage malformed(String eventId, Instant eventTime, String data) {
    return new UserEventMessage(
        data.getBytes(StandardCharsets.UTF_8),
        Map.of(
            UserEventAttributes.EVENT_ID,
            eventId,
            UserEventAttributes.EVENT_TIME,
            UserEventMessages.EVENT_TIME_FORMAT.format(eventTime),
            UserEventAttributes.SCHEMA_VERSION,
            UserEventAttributes.CURRENT_SCHEMA_VERSION));
  }

  @Test
  public void publishedUsersBecomeExactAggregatesAndBadMessagesDeadLetters() throws Exception {
    Instant t0 = TestUsers.T0;
    UserEventMessage first = TestUsers.message("u1", t0.plusSeconds(5), "male", 30, 2, "Norway");
    publish(
        List.of(
            // The first minute: two men and a woman, plus u1 published a second time.
            first,
            TestUsers.message("u2", t0.plusSeconds(15), "female", 40, 4, "Norway"),
            TestUsers.message("u3", t0.plusSeconds(45), "male", 50, 6, "Spain"),
            first,
            // The second minute: one user of unknown gender.
            TestUsers.message("u4", t0.plusSeconds(70), "", 25, 1, "Spain"),
            // Malformed: not JSON, and a record without its ages and country.
            malformed("bad1", t0.plusSeconds(20), "{not json"),
            malformed("bad2", t0.plusSeconds(25), "{\"gender\":\"male\"}")));

    Path drain = folder.getRoot().toPath().resolve("drain");
    String url = "jdbc:h2:file:" + folder.getRoot() + "/warehouse;AUTO_SERVER=TRUE";
    DemographicsOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--source=pubsub",
                "--inputSubscription=" + subscription,
                "--pubsubRootUrl=http://" + PubSubEmulator.hostPort().get(),
                "--earlyFiringInterval=1s",
                "--sink=jdbc",
                "--jdbcUrl=" + url,
                "--drainSignalFile=" + drain)
            .withValidation()
            .as(DemographicsOptions.class);
    JdbcWarehouse warehouse = new JdbcWarehouse(url, "", "");

    PipelineResult result = DemographicsPipeline.run(options);
    try {
      // Early panes show every user and the dead letters arrive, while the stream runs.
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  count(warehouse, "SELECT COUNT(*) FROM dead_letter") == 2
                      && count(warehouse, "SELECT COALESCE(MAX(users), 0) FROM window_summary")
                          == 3);
      Files.createFile(drain);
      assertThat(result.waitUntilFinish(org.joda.time.Duration.standardSeconds(60)))
          .isEqualTo(PipelineResult.State.DONE);
    } finally {
      if (result.getState() != PipelineResult.State.DONE) {
        result.cancel();
      }
    }

    assertThat(
            latest(
                warehouse,
                WarehouseViews.LATEST_WINDOW_SUMMARY,
                "window_start, pane_timing, users, male, female, other_gender, avg_age,"
                    + " avg_registered_age",
                "window_start"))
        .containsExactly(
            "2026-03-01 10:00:00+00|ON_TIME|3|2|1|0|40.0|4.0",
            "2026-03-01 10:01:00+00|ON_TIME|1|0|0|1|25.0|1.0");
    assertThat(
            latest(
                warehouse,
                WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER,
                "window_start, country, gender, users, avg_age",
                "window_start, country, gender"))
        .containsExactly(
            "2026-03-01 10:00:00+00|Norway|female|1|40.0",
            "2026-03-01 10:00:00+00|Norway|male|1|30.0",
            "2026-03-01 10:00:00+00|Spain|male|1|50.0",
            "2026-03-01 10:01:00+00|Spain|other|1|25.0");
    assertThat(
            latest(
                warehouse,
                WarehouseViews.LATEST_WINDOW_BY_AGE_BAND,
                "window_start, age_band, users",
                "window_start, age_band"))
        .containsExactly(
            "2026-03-01 10:00:00+00|25-34|1",
            "2026-03-01 10:00:00+00|35-44|1",
            "2026-03-01 10:00:00+00|45-54|1",
            "2026-03-01 10:01:00+00|25-34|1");
    assertThat(query(warehouse, "SELECT error FROM dead_letter ORDER BY error"))
        .hasSize(2)
        .anySatisfy(error -> assertThat(error).startsWith("data: INVALID_JSON"))
        .anySatisfy(error -> assertThat(error).contains("dob").contains("MISSING"));
  }

  private static List<String> latest(
      JdbcWarehouse warehouse, WarehouseView view, String columns, String order) {
    return query(
        warehouse,
        "SELECT "
            + columns
            + " FROM ("
            + view.selectSql(UnaryOperator.identity())
            + ") latest ORDER BY "
            + order);
  }
}
