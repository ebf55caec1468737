package org.apache.beam.sdk.io.gcp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.util.Clock;
import com.google.protobuf.ByteString;
import io.demostream.events.UserEventAttributes;
import io.demostream.events.UserEventMessage;
import io.demostream.pipeline.source.DrainSignal;
import io.demostream.pipeline.source.DrainableSource;
import io.demostream.pipeline.source.EventTimePolicy;
import io.demostream.pipeline.testing.TestUsers;
import io.demostream.pipeline.window.WindowSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.ValueProvider.StaticValueProvider;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.awaitility.Awaitility;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The event-time Pub/Sub read against Beam's in-process {@link PubsubTestClient}, always run (the
 * emulator tests cover the real client): Beam's package-private source is reachable, messages keep
 * their attributes and dedup id and are stamped with their event time, messages whose {@code
 * event_time} Beam's own timestamp attribute would have thrown on are read on, and the drain ends
 * the watermark.
 */
@RunWith(JUnit4.class)
public class EventTimePubsubReadTest {

  private static final long NOW = TestUsers.T0.toEpochMilli();
  private static final PubsubClient.SubscriptionPath SUBSCRIPTION =
      PubsubClient.subscriptionPathFromPath("projects/demo-project/subscriptions/pipeline");
  private static final EventTimePolicy POLICY =
      new EventTimePolicy(
          org.joda.time.Duration.standardMinutes(5),
          org.joda.time.Duration.standardDays(7),
          WindowSpec.fixed(
              org.joda.time.Duration.standardMinutes(1),
              org.joda.time.Duration.standardMinutes(1),
              org.joda.time.Duration.standardSeconds(10)));

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static PubsubClient.IncomingMessage incoming(
      byte[] data, Map<String, String> attributes, long publishMillis, String id) {
    return PubsubClient.IncomingMessage.of(
        com.google.pubsub.v1.PubsubMessage.newBuilder()
            .setData(ByteString.copyFrom(data))
            .putAllAttributes(attributes)
            .build(),
        publishMillis,
        NOW,
        "ack-" + id,
        id);
  }

  private static PubsubClient.IncomingMessage incoming(
      UserEventMessage message, long publishMillis) {
    return incoming(message.data(), message.attributes(), publishMillis, message.eventId());
  }

  private static UnboundedSource.UnboundedReader<PubsubMessage> reader(
      PubsubTestClient.PubsubTestClientFactory factory,
      UnaryOperator<UnboundedSource<PubsubMessage, ?>> wrapper)
      throws Exception {
    Clock clock = () -> NOW;
    PubsubUnboundedSource read =
        new PubsubUnboundedSource(
            clock,
            factory,
            null,
            null,
            StaticValueProvider.of(SUBSCRIPTION),
            null,
            UserEventAttributes.EVENT_ID,
            true,
            false,
            false);
    UnboundedSource<PubsubMessage, ?> source =
        new EventTimePubsubRead(read, POLICY, wrapper).source();
    assertThat(source.requiresDeduping()).isTrue();
    return source.createReader(PipelineOptionsFactory.create(), null);
  }

  @Test
  public void messagesAreStampedWithTheirEventTimeKeepAttributesAndIdsThenDrain() throws Exception {
    UserEventMessage first =
        TestUsers.message("u1", TestUsers.T0.plusSeconds(5), "male", 30, 2, "Norway");
    UserEventMessage second =
        TestUsers.message("u2", TestUsers.T0.plusSeconds(9), "female", 40, 4, "Spain");
    UserEventMessage third =
        TestUsers.message("u3", TestUsers.T0.plusSeconds(13), "male", 50, 6, "Chile");
    Path drain = folder.getRoot().toPath().resolve("drain");
    DrainSignal signal = new DrainSignal(drain.toString());
    PubsubTestClient.PubsubTestClientFactory factory =
        PubsubTestClient.createFactoryForPull(
            () -> NOW,
            SUBSCRIPTION,
            60,
            List.of(
                // Published a little after their event times, as ingest does.
                incoming(first, NOW + 6000),
                incoming(second, NOW + 10_000),
                // Still waiting in the subscription when the drain comes: never read.
                incoming(third, NOW + 14_000)));
    UnboundedSource.UnboundedReader<PubsubMessage> reader =
        reader(factory, source -> new DrainableSource<>(source, signal));

    assertThat(reader.start()).isTrue();
    assertThat(reader.getCurrent().getPayload()).isEqualTo(first.data());
    assertThat(reader.getCurrent().getAttributeMap()).containsAllEntriesOf(first.attributes());
    assertThat(reader.getCurrentTimestamp().getMillis()).isEqualTo(NOW + 5000);
    assertThat(new String(reader.getCurrentRecordId(), StandardCharsets.UTF_8)).isEqualTo("u1");
    assertThat(reader.advance()).isTrue();
    assertThat(reader.getCurrentTimestamp().getMillis()).isEqualTo(NOW + 9000);
    assertThat(new String(reader.getCurrentRecordId(), StandardCharsets.UTF_8)).isEqualTo("u2");
    reader.getCheckpointMark().finalizeCheckpoint(); // acknowledges both

    Files.createFile(drain);
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> reader.getWatermark().equals(BoundedWindow.TIMESTAMP_MAX_VALUE));
    assertThat(reader.advance()).as("the third message stays unread").isFalse();
    reader.close();
    // Beam had already pulled the third message; unread, it is never acknowledged, so Pub/Sub
    // redelivers it to the next run.
    assertThatThrownBy(factory::close)
        .hasMessageContaining("Still waiting for 1 messages to be ACKed");
  }

  @Test
  public void poisonEventTimesAreReadOnAndStampedWithThePublishTime() throws Exception {
    UserEventMessage valid =
        TestUsers.message("ok", TestUsers.T0.plusSeconds(1), "male", 30, 2, "Norway");
    Map<String, String> empty = new HashMap<>(valid.attributes());
    empty.put(UserEventAttributes.EVENT_TIME, "");
    Map<String, String> unparsable = new HashMap<>(valid.attributes());
    unparsable.put(UserEventAttributes.EVENT_TIME, "yesterday");
    Map<String, String> missing = new HashMap<>(valid.attributes());
    missing.remove(UserEventAttributes.EVENT_TIME);
    Map<String, String> future = new HashMap<>(valid.attributes());
    future.put(UserEventAttributes.EVENT_TIME, TestUsers.T0.plusSeconds(6 * 60 + 3).toString());
    List<PubsubClient.IncomingMessage> messages = new ArrayList<>();
    messages.add(incoming(valid.data(), Map.of(), NOW + 1000, "no-attributes"));
    messages.add(incoming(valid.data(), empty, NOW + 2000, "empty"));
    messages.add(incoming(valid.data(), unparsable, NOW + 3000, "unparsable"));
    messages.add(incoming(valid.data(), missing, NOW + 4000, "missing"));
    messages.add(incoming(valid.data(), future, NOW + 5000, "future"));
    messages.add(incoming(valid, NOW + 6000));
    PubsubTestClient.PubsubTestClientFactory factory =
        PubsubTestClient.createFactoryForPull(() -> NOW, SUBSCRIPTION, 60, messages);
    UnboundedSource.UnboundedReader<PubsubMessage> reader =
        reader(factory, UnaryOperator.identity());

    Map<String, Long> stamps = new HashMap<>();
    boolean available = reader.start();
    while (available) {
      stamps.put(
          new String(reader.getCurrentRecordId(), StandardCharsets.UTF_8),
          reader.getCurrentTimestamp().getMillis());
      available = reader.advance();
    }
    assertThat(stamps)
        .containsOnly(
            Map.entry("no-attributes", NOW + 1000),
            Map.entry("empty", NOW + 2000),
            Map.entry("unparsable", NOW + 3000),
            Map.entry("missing", NOW + 4000),
            Map.entry("future", NOW + 5000),
            Map.entry("ok", NOW + 1000));
    reader.getCheckpointMark().finalizeCheckpoint();
    reader.close();
    factory.close();
  }

  @Test
  public void watermarkTrailsTheOldestRecentEventTimeAndNeverGoesBack() throws Exception {
    List<PubsubClient.IncomingMessage> messages = new ArrayList<>();
    // Enough messages over enough publish-time buckets for Beam's estimate to count.
    for (int i = 0; i < 30; i++) {
      messages.add(
          incoming(
              TestUsers.message("u" + i, TestUsers.T0.plusSeconds(i), "male", 30, 2, "Peru"),
              NOW + i * 1000 + 500));
    }
    PubsubTestClient.PubsubTestClientFactory factory =
        PubsubTestClient.createFactoryForPull(() -> NOW, SUBSCRIPTION, 60, messages);
    UnboundedSource.UnboundedReader<PubsubMessage> reader =
        reader(factory, UnaryOperator.identity());
    Instant previous = BoundedWindow.TIMESTAMP_MIN_VALUE;
    boolean available = reader.start();
    while (available) {
      Instant watermark = reader.getWatermark();
      assertThat(watermark).isGreaterThanOrEqualTo(previous);
      if (watermark.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
        assertThat(watermark.getMillis())
            .as("never ahead of an event time read in the last minute")
            .isLessThanOrEqualTo(NOW);
      }
      previous = watermark;
      available = reader.advance();
    }
    assertThat(reader.getWatermark())
        .as("the test client's end of stream still ends the watermark")
        .isEqualTo(BoundedWindow.TIMESTAMP_MAX_VALUE);
    reader.getCheckpointMark().finalizeCheckpoint();
    reader.close();
    factory.close();
  }

  @Test
  public void watermarkIsTheOldestRecentEventTimeNotHeldBackByBeamsPublishTimeEstimate()
      throws Exception {
    // Published at NOW, stamped a minute later (within the future skew): Beam's publish-time
    // estimate stays at or before NOW, the event-time estimate follows the users. The fourth is
    // read
    // last, so the test client's end of stream does not end the watermark.
    List<PubsubClient.IncomingMessage> messages = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      messages.add(
          incoming(
              TestUsers.message("u" + i, TestUsers.T0.plusSeconds(60 + i), "male", 30, 2, "Peru"),
              NOW + i));
    }
    PubsubTestClient.PubsubTestClientFactory factory =
        PubsubTestClient.createFactoryForPull(() -> NOW, SUBSCRIPTION, 60, messages);
    UnboundedSource.UnboundedReader<PubsubMessage> reader =
        reader(factory, UnaryOperator.identity());
    assertThat(reader.start()).isTrue();
    assertThat(reader.advance()).isTrue();
    assertThat(reader.advance()).isTrue();
    assertThat(reader.getWatermark().getMillis()).isEqualTo(NOW + 60_000);
    assertThat(reader.advance()).isTrue();
    reader.getCheckpointMark().finalizeCheckpoint();
    reader.close();
    factory.close();
  }
}
