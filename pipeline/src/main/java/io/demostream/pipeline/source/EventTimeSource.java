package io.demostream.pipeline.source;

import java.io.IOException;
import java.io.Serializable;
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
 * <p>The watermark is the oldest event time read within the policy's {@link
 * EventTimePolicy#watermarkSamplePeriod()}: Beam's reader uses one minute, which keeps every
 * on-time pane a minute late; a local run against the emulator, which delivers in order, uses a few
 * seconds. A user that arrives later than that is still counted, in a late pane, within the allowed
 * lateness. With nothing read within the period the source is idle if Beam's reader holds nothing
 * pulled and unread: the watermark is then the clock less the period, the oldest event time the
 * estimate would give to a message published now, so the last windows of a stopped ingestion close
 * a period after it stops (Beam's own rule waits a minute, then jumps to the clock). A reader
 * starved for longer than the period while the subscription still holds older messages counts them
 * in late panes, as Beam's rule does after its minute. Otherwise, with nothing read, it falls back
 * to Beam's publish-time watermark, which covers messages pulled but not yet read. It is latched,
 * so it never goes back, and messages it has left behind by more than the allowed lateness are
 * stamped {@link EventTimePolicy.Verdict#LATE} rather than dropped. Messages whose event time was
 * rejected do not hold the watermark back.
 */
public final class EventTimeSource<C extends UnboundedSource.CheckpointMark>
    extends UnboundedSource<PubsubMessage, C> {

  private final UnboundedSource<byte[], C> delegate;
  private final SerializableFunction<byte[], PubsubMessage> parse;
  private final EventTimePolicy policy;
  private final Clock clock;

  /** Processing time, in milliseconds since the epoch; replaceable in tests. */
  @FunctionalInterface
  public interface Clock extends Serializable {
    long millis();

    Clock SYSTEM = System::currentTimeMillis;
  }

  /**
   * @param delegate Beam's Pub/Sub source, without a timestamp attribute
   * @param parse turns the delegate's records into messages with attributes
   */
  public EventTimeSource(
      UnboundedSource<byte[], C> delegate,
      SerializableFunction<byte[], PubsubMessage> parse,
      EventTimePolicy policy) {
    this(delegate, parse, policy, Clock.SYSTEM);
  }

  /** With {@code clock} for the sample period and idleness. */
  public EventTimeSource(
      UnboundedSource<byte[], C> delegate,
      SerializableFunction<byte[], PubsubMessage> parse,
      EventTimePolicy policy,
      Clock clock) {
    this.delegate = delegate;
    this.parse = parse;
    this.policy = policy;
    this.clock = clock;
  }

  @Override
  public List<EventTimeSource<C>> split(int desiredNumSplits, PipelineOptions options)
      throws Exception {
    List<EventTimeSource<C>> splits = new ArrayList<>();
    for (UnboundedSource<byte[], C> split : delegate.split(desiredNumSplits, options)) {
      splits.add(new EventTimeSource<>(split, parse, policy, clock));
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

  /** The minimum over the sample period in twelve buckets, as Beam's (a minute in 5 s buckets). */
  private static MovingFunction recentEventTimes(EventTimePolicy policy) {
    long period = policy.watermarkSamplePeriod().getMillis();
    return new MovingFunction(period, Math.max(1, period / 12), 1, 1, Min.ofLongs());
  }

  private final class Reader extends UnboundedReader<PubsubMessage> {
    private final UnboundedReader<byte[]> reader;
    private final MovingFunction recentEventTimes = recentEventTimes(policy);
    private long watermark = BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis();
    private long lastReadAt = -1;
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
      lastReadAt = clock.millis();
      if (stamp.verdict() == EventTimePolicy.Verdict.EVENT_TIME) {
        recentEventTimes.add(lastReadAt, stamp.timestamp().getMillis());
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
      long now = clock.millis();
      long period = policy.watermarkSamplePeriod().getMillis();
      long oldestRecent = recentEventTimes.get(now);
      long estimate;
      if (oldestRecent != Long.MAX_VALUE) {
        estimate = oldestRecent;
      } else if (lastReadAt >= 0
          && now - lastReadAt >= period
          && reader.getSplitBacklogBytes() == 0) {
        estimate = now - period; // idle
      } else {
        estimate = publishWatermark.getMillis();
      }
      watermark = Math.max(watermark, estimate);
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
