package io.demostream.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.UserEventAttributes;
import io.demostream.pipeline.window.WindowSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.UnboundedSource.CheckpointMark.NoopCheckpointMark;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The event-time watermark when ingestion stops: it must move on a sample period after the last
 * message once nothing is left unread (so the last windows' on-time panes come), and not before,
 * nor while Beam's reader still holds pulled messages.
 */
@RunWith(JUnit4.class)
public class EventTimeSourceTest {

  private static final long NOW = Instant.parse("2026-12-07T12:00:00Z").getMillis();
  private static final Duration PERIOD = Duration.standardSeconds(2);
  private static final EventTimePolicy POLICY =
      new EventTimePolicy(
          Duration.standardMinutes(5),
          Duration.standardDays(7),
          WindowSpec.fixed(
              Duration.standardSeconds(10),
              Duration.standardMinutes(1),
              Duration.standardSeconds(5)),
          PERIOD);

  /** The test's processing time (static: the source and its clock are serializable). */
  private static final AtomicLong CLOCK = new AtomicLong();

  /** Messages Beam's reader has pulled and not yet read: their event times. */
  private static final Deque<Long> PULLED = new ArrayDeque<>();

  @Before
  public void reset() {
    CLOCK.set(NOW);
    PULLED.clear();
  }

  @Test
  public void anIdleSourceMovesTheWatermarkToTheClockLessThePeriod() throws Exception {
    UnboundedSource.UnboundedReader<PubsubMessage> reader = reader();
    PULLED.addAll(List.of(NOW - 3000, NOW - 2000, NOW - 1000));
    assertThat(reader.start()).isTrue();
    assertThat(reader.advance()).isTrue();
    assertThat(reader.advance()).isTrue();
    assertThat(reader.advance()).as("nothing more published").isFalse();
    assertThat(reader.getWatermark().getMillis())
        .as("the oldest event time read within the period")
        .isEqualTo(NOW - 3000);

    CLOCK.set(NOW + PERIOD.getMillis() - 1);
    assertThat(reader.getWatermark().getMillis())
        .as("not idle within a period of the last read")
        .isEqualTo(NOW - 3000);

    CLOCK.set(NOW + PERIOD.getMillis());
    assertThat(reader.getWatermark().getMillis())
        .as("idle: the clock less the period")
        .isEqualTo(NOW);
    CLOCK.set(NOW + 30_000);
    assertThat(reader.getWatermark().getMillis())
        .as("the windows of a stopped ingestion close as time passes")
        .isEqualTo(NOW + 30_000 - PERIOD.getMillis());

    // Ingestion resumes: the watermark never goes back, and then follows the users again.
    PULLED.add(NOW + 27_000);
    assertThat(reader.advance()).isTrue();
    assertThat(reader.getWatermark().getMillis()).isEqualTo(NOW + 28_000);
    CLOCK.set(NOW + 33_000);
    PULLED.add(NOW + 32_500);
    assertThat(reader.advance()).isTrue();
    assertThat(reader.getWatermark().getMillis()).isEqualTo(NOW + 32_500);
  }

  @Test
  public void pulledButUnreadMessagesKeepTheSourceFromBeingIdle() throws Exception {
    UnboundedSource.UnboundedReader<PubsubMessage> reader = reader();
    PULLED.addAll(List.of(NOW - 3000, NOW - 2000));
    assertThat(reader.start()).isTrue();
    CLOCK.set(NOW + 60_000);
    assertThat(reader.getWatermark())
        .as("a starved reader with a message pulled: Beam's publish-time watermark, latched")
        .isEqualTo(BoundedWindow.TIMESTAMP_MIN_VALUE);
    assertThat(reader.advance()).isTrue();
    assertThat(reader.getWatermark().getMillis()).isEqualTo(NOW - 2000);
  }

  @Test
  public void aSourceThatNeverReadIsNotIdle() throws Exception {
    UnboundedSource.UnboundedReader<PubsubMessage> reader = reader();
    assertThat(reader.start()).isFalse();
    CLOCK.set(NOW + 600_000);
    assertThat(reader.getWatermark())
        .as("before the first message, Beam's own watermark")
        .isEqualTo(BoundedWindow.TIMESTAMP_MIN_VALUE);
  }

  private static UnboundedSource.UnboundedReader<PubsubMessage> reader() throws Exception {
    EventTimeSource<NoopCheckpointMark> source =
        new EventTimeSource<>(
            new PulledSource(),
            data ->
                new PubsubMessage(
                    data,
                    Map.of(
                        UserEventAttributes.EVENT_TIME,
                        Instant.ofEpochMilli(
                                Long.parseLong(new String(data, StandardCharsets.UTF_8)))
                            .toString())),
            POLICY,
            CLOCK::get);
    return source.createReader(PipelineOptionsFactory.create(), null);
  }

  /**
   * Beam's Pub/Sub source as {@link EventTimeSource} sees it: the records are the event times of
   * {@link #PULLED}, the backlog is what is pulled and unread, the publish-time watermark is stuck
   * (as it is for a minute after the last message).
   */
  private static final class PulledSource extends UnboundedSource<byte[], NoopCheckpointMark> {
    @Override
    public List<PulledSource> split(int desiredNumSplits, PipelineOptions options) {
      return List.of(this);
    }

    @Override
    public UnboundedReader<byte[]> createReader(
        PipelineOptions options, NoopCheckpointMark checkpoint) {
      return new UnboundedReader<>() {
        private byte[] current;

        @Override
        public boolean start() {
          return advance();
        }

        @Override
        public boolean advance() {
          Long next = PULLED.poll();
          current = next == null ? null : Long.toString(next).getBytes(StandardCharsets.UTF_8);
          return next != null;
        }

        @Override
        public byte[] getCurrent() {
          if (current == null) {
            throw new NoSuchElementException();
          }
          return current;
        }

        @Override
        public Instant getCurrentTimestamp() {
          return new Instant(CLOCK.get()); // the publish time
        }

        @Override
        public Instant getWatermark() {
          return BoundedWindow.TIMESTAMP_MIN_VALUE;
        }

        @Override
        public long getSplitBacklogBytes() {
          return PULLED.size() * 8L;
        }

        @Override
        public CheckpointMark getCheckpointMark() {
          return CheckpointMark.NOOP_CHECKPOINT_MARK;
        }

        @Override
        public UnboundedSource<byte[], ?> getCurrentSource() {
          return PulledSource.this;
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public Coder<NoopCheckpointMark> getCheckpointMarkCoder() {
      throw new UnsupportedOperationException("not checkpointed in this test");
    }

    @Override
    public Coder<byte[]> getOutputCoder() {
      return ByteArrayCoder.of();
    }
  }
}
