package io.demostream.pipeline.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Min;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.MovingFunction;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Beam's Pub/Sub source read without a timestamp attribute (its records carry the publish time, and
 * no message can make it throw), with event time assigned here by the {@link EventTimePolicy}.
 *
 * <p>The watermark follows the same estimate as Beam's reader with a timestamp attribute: the
 * oldest event time read in the last minute, and never ahead of Beam's own publish-time watermark
 * (which also covers messages pulled but not yet read, and moves to the clock after a minute
 * without messages). It is latched, so it never goes back, and messages it has left behind by more
 * than the allowed lateness are stamped {@link EventTimePolicy.Verdict#LATE} rather than dropped.
 * Messages whose event time was rejected do not hold the watermark back.
 */
public final class EventTimeSource<C extends UnboundedSource.CheckpointMark>
    extends UnboundedSource<PubsubMessage, C> {

  /** As Beam's Pub/Sub reader: the minimum over one minute, in five-second buckets. */
  static final long SAMPLE_PERIOD_MILLIS = 60_000;

  static final long SAMPLE_UPDATE_MILLIS = 5_000;

  private final UnboundedSource<byte[], C> delegate;
  private final SerializableFunction<byte[], PubsubMessage> parse;
  private final EventTimePolicy policy;

  /**
   * @param delegate Beam's Pub/Sub source, without a timestamp attribute
   * @param parse turns the delegate's records into messages with attributes
   */
  public EventTimeSource(
      UnboundedSource<byte[], C> delegate,
      SerializableFunction<byte[], PubsubMessage> parse,
      EventTimePolicy policy) {
    this.delegate = delegate;
    this.parse = parse;
    this.policy = policy;
  }

  @Override
  public List<EventTimeSource<C>> split(int desiredNumSplits, PipelineOptions options)
      throws Exception {
    List<EventTimeSource<C>> splits = new ArrayList<>();
    for (UnboundedSource<byte[], C> split : delegate.split(desiredNumSplits, options)) {
      splits.add(new EventTimeSource<>(split, parse, policy));
    }
    return splits;
  }

  @Override
  public UnboundedReader<PubsubMessage> createReader(
      PipelineOptions options, @Nullable C checkpoint) throws IOException {
    return new Reader(delegate.createReader(options, checkpoint));
  }

  @Override
  public Coder<C> getCheckpointMarkCoder() {
    return delegate.getCheckpointMarkCoder();
  }

  @Override
  public boolean requiresDeduping() {
    return delegate.requiresDeduping();
  }

  @Override
  public Coder<PubsubMessage> getOutputCoder() {
    return PubsubMessageWithAttributesCoder.of();
  }

  private final class Reader extends UnboundedReader<PubsubMessage> {
    private final UnboundedReader<byte[]> reader;
    private final MovingFunction recentEventTimes =
        new MovingFunction(SAMPLE_PERIOD_MILLIS, SAMPLE_UPDATE_MILLIS, 1, 1, Min.ofLongs());
    private long watermark = BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis();
    private @Nullable PubsubMessage current;
    private Instant currentTimestamp = BoundedWindow.TIMESTAMP_MIN_VALUE;

    Reader(UnboundedReader<byte[]> reader) {
      this.reader = reader;
    }

    @Override
    public boolean start() throws IOException {
      return stamp(reader.start());
    }

    @Override
    public boolean advance() throws IOException {
      return stamp(reader.advance());
    }

    private boolean stamp(boolean available) {
      if (!available) {
        current = null;
        return false;
      }
      PubsubMessage message = parse.apply(reader.getCurrent());
      EventTimePolicy.Stamp stamp =
          policy.stamp(
              message.getAttributeMap(), reader.getCurrentTimestamp(), new Instant(watermark));
      if (stamp.verdict() == EventTimePolicy.Verdict.EVENT_TIME) {
        recentEventTimes.add(System.currentTimeMillis(), stamp.timestamp().getMillis());
      }
      current = message;
      currentTimestamp = stamp.timestamp();
      return true;
    }

    @Override
    public PubsubMessage getCurrent() throws NoSuchElementException {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() throws NoSuchElementException {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return currentTimestamp;
    }

    @Override
    public byte[] getCurrentRecordId() throws NoSuchElementException {
      return reader.getCurrentRecordId();
    }

    @Override
    public Instant getWatermark() {
      Instant publishWatermark = reader.getWatermark();
      if (!publishWatermark.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
        return publishWatermark; // the source has ended
      }
      long oldestRecent = recentEventTimes.get(System.currentTimeMillis());
      watermark = Math.max(watermark, Math.min(publishWatermark.getMillis(), oldestRecent));
      return new Instant(watermark);
    }

    @Override
    public CheckpointMark getCheckpointMark() {
      return reader.getCheckpointMark();
    }

    @Override
    public long getSplitBacklogBytes() {
      return reader.getSplitBacklogBytes();
    }

    @Override
    public UnboundedSource<PubsubMessage, ?> getCurrentSource() {
      return EventTimeSource.this;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
