package io.demostream.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demostream.events.AnalyticProjector;
import io.demostream.events.UserEventAttributes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The synthetic source's determinism and checkpoints, and the drain wrapper around it. */
@RunWith(JUnit4.class)
public class SyntheticUserSourceTest {

  private static final int FAST = 1_000_000;

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  /** Reads {@code count} messages; the rate limit only ever delays, so keep asking. */
  private static List<PubsubMessage> read(
      UnboundedSource.UnboundedReader<PubsubMessage> reader, int count) throws IOException {
    List<PubsubMessage> messages = new ArrayList<>();
    boolean available = reader.start();
    while (messages.size() < count) {
      if (available) {
        messages.add(reader.getCurrent());
      }
      available = reader.advance();
    }
    return messages;
  }

  private static List<String> ids(List<PubsubMessage> messages) {
    return messages.stream().map(m -> m.getAttribute(UserEventAttributes.EVENT_ID)).toList();
  }

  @Test
  public void sameSeedYieldsSameValidContractMessages() throws IOException {
    SyntheticUserSource source = new SyntheticUserSource(FAST, 5);
    List<PubsubMessage> first =
        read(source.createReader(PipelineOptionsFactory.create(), null), 50);
    List<PubsubMessage> second =
        read(source.createReader(PipelineOptionsFactory.create(), null), 50);

    assertThat(ids(first)).isEqualTo(ids(second)).doesNotHaveDuplicates();
    assertThat(first)
        .allSatisfy(
            message ->
                assertThat(
                        AnalyticProjector.project(message.getPayload(), message.getAttributeMap())
                            .isValid())
                    .isTrue());
    assertThat(new String(first.get(0).getPayload())).doesNotContain("password");
  }

  @Test
  public void readerRestoredFromCheckpointContinuesTheSequence() throws Exception {
    SyntheticUserSource source = new SyntheticUserSource(FAST, 9);
    List<String> straight =
        ids(read(source.createReader(PipelineOptionsFactory.create(), null), 2100));
    SyntheticUserSource.Checkpoint checkpoint = new SyntheticUserSource.Checkpoint(1500);
    CoderProperties.coderDecodeEncodeEqual(source.getCheckpointMarkCoder(), checkpoint);

    List<String> resumed =
        ids(read(source.createReader(PipelineOptionsFactory.create(), checkpoint), 600));

    assertThat(resumed).isEqualTo(straight.subList(1500, 2100));
  }

  @Test
  public void drainSignalStopsReadingAndEndsTheWatermark() throws Exception {
    java.nio.file.Path signal = folder.getRoot().toPath().resolve("drain");
    DrainableSource<PubsubMessage, SyntheticUserSource.Checkpoint> source =
        new DrainableSource<>(new SyntheticUserSource(FAST, 3), new DrainSignal(signal.toString()));
    UnboundedSource.UnboundedReader<PubsubMessage> reader =
        source.createReader(PipelineOptionsFactory.create(), null);
    assertThat(read(reader, 10)).hasSize(10);
    assertThat(reader.getWatermark()).isLessThan(BoundedWindow.TIMESTAMP_MAX_VALUE);

    java.nio.file.Files.createFile(signal);
    // The signal is checked at most every 200 ms: wait for the reader to notice it.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> !reader.advance());
    assertThat(reader.advance()).isFalse();
    assertThat(reader.getWatermark()).isEqualTo(BoundedWindow.TIMESTAMP_MAX_VALUE);
    assertThat(reader.getCurrentSource()).isSameAs(source);
  }

  @Test
  public void splitsShareTheRateAndGenerateDistinctUsers() throws Exception {
    List<SyntheticUserSource> splits =
        new SyntheticUserSource(10, 4).split(3, PipelineOptionsFactory.create());
    assertThat(splits).extracting(SyntheticUserSource::eventsPerSecond).containsExactly(4, 3, 3);
    assertThat(new SyntheticUserSource(2, 4).split(3, PipelineOptionsFactory.create())).hasSize(2);

    List<String> ids = new ArrayList<>();
    for (SyntheticUserSource split :
        new SyntheticUserSource(FAST, 4).split(3, PipelineOptionsFactory.create())) {
      ids.addAll(ids(read(split.createReader(PipelineOptionsFactory.create(), null), 20)));
    }
    assertThat(ids).hasSize(60).doesNotHaveDuplicates();
  }

  @Test
  public void rateBelowOneIsRejected() {
    assertThatThrownBy(() -> new SyntheticUserSource(0, 1))
        .hasMessageContaining("--eventsPerSecond must be at least 1");
  }
}
