package io.demostream.pipeline.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Wraps any unbounded source so that a local run can be drained: once the {@link DrainSignal} file
 * exists, each reader stops reading and reports a watermark at the end of time. The runner then
 * fires the on-time pane of every open window, then the final panes, and the pipeline finishes.
 * Records already read are processed; nothing read after the signal is lost, since nothing more is
 * read (unacknowledged Pub/Sub messages stay in the subscription).
 *
 * <p>Its checkpoint marks are finalized at most once ({@link OnceFinalizedMark}): when a drain ends
 * the input, the DirectRunner finalizes the last mark twice, which Beam allows of runners but
 * Beam's Pub/Sub checkpoint refuses with an exception that would stop the pipeline.
 */
public final class DrainableSource<T, C extends UnboundedSource.CheckpointMark>
    extends UnboundedSource<T, DrainableSource.OnceFinalizedMark<C>> {

  private final UnboundedSource<T, C> delegate;
  private final DrainSignal signal;

  public DrainableSource(UnboundedSource<T, C> delegate, DrainSignal signal) {
    this.delegate = delegate;
    this.signal = signal;
  }

  @Override
  public List<DrainableSource<T, C>> split(int desiredNumSplits, PipelineOptions options)
      throws Exception {
    List<DrainableSource<T, C>> splits = new ArrayList<>();
    for (UnboundedSource<T, C> split : delegate.split(desiredNumSplits, options)) {
      splits.add(new DrainableSource<>(split, signal));
    }
    return splits;
  }

  @Override
  public UnboundedReader<T> createReader(
      PipelineOptions options, @Nullable OnceFinalizedMark<C> checkpoint) throws IOException {
    return new DrainableReader(
        delegate.createReader(options, checkpoint == null ? null : checkpoint.mark), signal.copy());
  }

  @Override
  public Coder<OnceFinalizedMark<C>> getCheckpointMarkCoder() {
    return new OnceFinalizedMarkCoder<>(delegate.getCheckpointMarkCoder());
  }

  @Override
  public boolean requiresDeduping() {
    return delegate.requiresDeduping();
  }

  @Override
  public Coder<T> getOutputCoder() {
    return delegate.getOutputCoder();
  }

  private final class DrainableReader extends UnboundedReader<T> {
    private final UnboundedReader<T> reader;
    private final DrainSignal readerSignal;
    private boolean drained;

    DrainableReader(UnboundedReader<T> reader, DrainSignal readerSignal) {
      this.reader = reader;
      this.readerSignal = readerSignal;
    }

    private boolean draining() {
      if (!drained && readerSignal.isRaised()) {
        drained = true;
      }
      return drained;
    }

    @Override
    public boolean start() throws IOException {
      // Start the delegate even when drained, so its checkpoints stay consistent.
      boolean available = reader.start();
      return available && !draining();
    }

    @Override
    public boolean advance() throws IOException {
      return !draining() && reader.advance();
    }

    @Override
    public T getCurrent() throws NoSuchElementException {
      return reader.getCurrent();
    }

    @Override
    public Instant getCurrentTimestamp() throws NoSuchElementException {
      return reader.getCurrentTimestamp();
    }

    @Override
    public byte[] getCurrentRecordId() throws NoSuchElementException {
      return reader.getCurrentRecordId();
    }

    @Override
    public Instant getWatermark() {
      return draining() ? BoundedWindow.TIMESTAMP_MAX_VALUE : reader.getWatermark();
    }

    @Override
    @SuppressWarnings("unchecked") // the delegate's reader makes the delegate's marks
    public CheckpointMark getCheckpointMark() {
      return new OnceFinalizedMark<>((C) reader.getCheckpointMark());
    }

    @Override
    public long getSplitBacklogBytes() {
      return draining() ? 0 : reader.getSplitBacklogBytes();
    }

    @Override
    public UnboundedSource<T, ?> getCurrentSource() {
      return DrainableSource.this;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  /** The delegate's mark, finalized at most once however often a runner finalizes it. */
  public static final class OnceFinalizedMark<C extends UnboundedSource.CheckpointMark>
      implements UnboundedSource.CheckpointMark {
    private final C mark;
    private final AtomicBoolean finalized = new AtomicBoolean();

    OnceFinalizedMark(C mark) {
      this.mark = mark;
    }

    @Override
    public void finalizeCheckpoint() throws IOException {
      if (finalized.compareAndSet(false, true)) {
        mark.finalizeCheckpoint();
      }
    }
  }

  /** Encodes a mark exactly as the delegate's coder does, so checkpoints keep their bytes. */
  static final class OnceFinalizedMarkCoder<C extends UnboundedSource.CheckpointMark>
      extends CustomCoder<OnceFinalizedMark<C>> {
    private final Coder<C> delegate;

    OnceFinalizedMarkCoder(Coder<C> delegate) {
      this.delegate = delegate;
    }

    @Override
    public void encode(OnceFinalizedMark<C> value, OutputStream out) throws IOException {
      delegate.encode(value.mark, out);
    }

    @Override
    public OnceFinalizedMark<C> decode(InputStream in) throws IOException {
      return new OnceFinalizedMark<>(delegate.decode(in));
    }
  }
}
