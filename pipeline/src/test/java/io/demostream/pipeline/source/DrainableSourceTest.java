package io.demostream.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.UserEventAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The drainable wrapper's checkpoint marks: finalized once, encoded as the delegate's. */
@RunWith(JUnit4.class)
public class DrainableSourceTest {

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void aMarkFinalizedTwiceFinalizesTheDelegatesMarkOnce() throws Exception {
    // Beam's Pub/Sub checkpoint throws on a second finalization, as the DirectRunner does after a
    // drain ends the input; the wrapper must pass only the first one on.
    AtomicInteger finalizations = new AtomicInteger();
    UnboundedSource.CheckpointMark strict =
        () -> {
          if (finalizations.incrementAndGet() > 1) {
            throw new IllegalStateException("Cannot finalize a restored checkpoint");
          }
        };
    DrainableSource.OnceFinalizedMark<UnboundedSource.CheckpointMark> mark =
        new DrainableSource.OnceFinalizedMark<>(strict);

    mark.finalizeCheckpoint();
    mark.finalizeCheckpoint();

    assertThat(finalizations).hasValue(1);
  }

  @Test
  public void marksKeepTheDelegatesBytesAndResumeWhereTheReaderWas() throws Exception {
    DrainableSource<PubsubMessage, SyntheticUserSource.Checkpoint> source =
        new DrainableSource<>(
            new SyntheticUserSource(1_000_000, 7),
            new DrainSignal(folder.getRoot().toPath().resolve("drain").toString()));
    UnboundedSource.UnboundedReader<PubsubMessage> reader =
        source.createReader(PipelineOptionsFactory.create(), null);
    List<String> first = ids(reader, true, 20);
    @SuppressWarnings("unchecked")
    DrainableSource.OnceFinalizedMark<SyntheticUserSource.Checkpoint> mark =
        (DrainableSource.OnceFinalizedMark<SyntheticUserSource.Checkpoint>)
            reader.getCheckpointMark();
    List<String> straight = ids(reader, false, 10);

    Coder<DrainableSource.OnceFinalizedMark<SyntheticUserSource.Checkpoint>> coder =
        source.getCheckpointMarkCoder();
    byte[] bytes = CoderUtils.encodeToByteArray(coder, mark);
    // Checkpoints written before the wrapper existed restore unchanged.
    assertThat(bytes)
        .isEqualTo(
            CoderUtils.encodeToByteArray(
                SerializableCoder.of(SyntheticUserSource.Checkpoint.class),
                new SyntheticUserSource.Checkpoint(20)));
    UnboundedSource.UnboundedReader<PubsubMessage> resumed =
        source.createReader(
            PipelineOptionsFactory.create(), CoderUtils.decodeFromByteArray(coder, bytes));

    assertThat(first).hasSize(20).doesNotHaveDuplicates();
    assertThat(ids(resumed, true, 10)).isEqualTo(straight);
  }

  /** The ids of the next {@code count} users, starting the reader first when {@code start}. */
  private static List<String> ids(
      UnboundedSource.UnboundedReader<PubsubMessage> reader, boolean start, int count)
      throws Exception {
    List<String> ids = new ArrayList<>();
    boolean available = start ? reader.start() : reader.advance();
    while (ids.size() < count) {
      if (available) {
        ids.add(reader.getCurrent().getAttribute(UserEventAttributes.EVENT_ID));
      }
      if (ids.size() < count) {
        available = reader.advance();
      }
    }
    return ids;
  }
}
