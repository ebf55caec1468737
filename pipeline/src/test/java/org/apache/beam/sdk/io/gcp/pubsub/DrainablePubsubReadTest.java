package org.apache.beam.sdk.io.gcp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.util.Clock;
import com.google.protobuf.ByteString;
import io.demostream.events.UserEventAttributes;
import io.demostream.events.UserEventMessage;
import io.demostream.pipeline.source.DrainSignal;
import io.demostream.pipeline.source.DrainableSource;
import io.demostream.pipeline.testing.TestUsers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.ValueProvider.StaticValueProvider;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.awaitility.Awaitility;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The drainable Pub/Sub read against Beam's in-process {@link PubsubTestClient}, always run (the
 * emulator test covers the real client): Beam's package-private source is reachable and wrapped,
 * messages keep their attributes, event time and dedup id, and the drain ends the watermark.
 */
@RunWith(JUnit4.class)
public class DrainablePubsubReadTest {

  private static final long NOW = 1_772_359_200_000L;
  private static final PubsubClient.SubscriptionPath SUBSCRIPTION =
      PubsubClient.subscriptionPathFromPath("projects/demo-project/subscriptions/pipeline");

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static PubsubClient.IncomingMessage incoming(UserEventMessage message, long eventMillis) {
    return PubsubClient.IncomingMessage.of(
        com.google.pubsub.v1.PubsubMessage.newBuilder()
            .setData(ByteString.copyFrom(message.data()))
            .putAllAttributes(message.attributes())
            .build(),
        eventMillis,
        NOW,
        "ack-" + message.eventId(),
        message.eventId());
  }

  private static <T, C extends UnboundedSource.CheckpointMark> UnboundedSource<T, C> drainable(
      UnboundedSource<T, C> source, DrainSignal signal) {
    return new DrainableSource<>(source, signal);
  }

  @Test
  public void wrappedBeamSourceKeepsAttributesTimestampsAndIdsThenDrains() throws Exception {
    Clock clock = () -> NOW;
    UserEventMessage first =
        TestUsers.message("u1", TestUsers.T0.plusSeconds(5), "male", 30, 2, "Norway");
    UserEventMessage second =
        TestUsers.message("u2", TestUsers.T0.plusSeconds(9), "female", 40, 4, "Spain");
    UserEventMessage third =
        TestUsers.message("u3", TestUsers.T0.plusSeconds(13), "male", 50, 6, "Chile");
    long firstMillis = TestUsers.T0.plusSeconds(5).toEpochMilli();
    Path drain = folder.getRoot().toPath().resolve("drain");
    DrainSignal signal = new DrainSignal(drain.toString());

    PubsubTestClient.PubsubTestClientFactory factory =
        PubsubTestClient.createFactoryForPull(
            clock,
            SUBSCRIPTION,
            60,
            List.of(
                incoming(first, firstMillis),
                incoming(second, firstMillis + 4000),
                // Still waiting in the subscription when the drain comes: never read.
                incoming(third, firstMillis + 8000)));
    PubsubUnboundedSource read =
        new PubsubUnboundedSource(
            clock,
            factory,
            null,
            null,
            StaticValueProvider.of(SUBSCRIPTION),
            UserEventAttributes.EVENT_TIME,
            UserEventAttributes.EVENT_ID,
            true,
            false,
            false);
    UnboundedSource<byte[], ?> source =
        new DrainablePubsubRead(read, beam -> drainable(beam, signal)).source();
    assertThat(source).isInstanceOf(DrainableSource.class);
    assertThat(source.requiresDeduping()).isTrue();

    UnboundedSource.UnboundedReader<byte[]> reader =
        source.createReader(PipelineOptionsFactory.create(), null);
    assertThat(reader.start()).isTrue();
    PubsubMessage message =
        new PubsubMessages.ParsePubsubMessageProtoAsPayload().apply(reader.getCurrent());
    assertThat(message.getPayload()).isEqualTo(first.data());
    assertThat(message.getAttributeMap()).containsAllEntriesOf(first.attributes());
    assertThat(reader.getCurrentTimestamp().getMillis()).isEqualTo(firstMillis);
    assertThat(new String(reader.getCurrentRecordId(), StandardCharsets.UTF_8)).isEqualTo("u1");
    assertThat(reader.advance()).isTrue();
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
}
