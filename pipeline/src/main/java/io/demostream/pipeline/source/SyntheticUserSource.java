package io.demostream.pipeline.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demostream.events.EventSource;
import io.demostream.events.UserEventMessage;
import io.demostream.events.UserEventMessages;
import io.demostream.events.synthetic.SyntheticUserGenerator;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * An endless, rate-limited stream of synthetic users as contract messages, exactly as ingest would
 * publish them, stamped with the time they are generated. The same seed yields the same users; a
 * checkpoint records how many were emitted, so a restarted reader continues the sequence.
 *
 * <p>Users come in blocks of {@value #BLOCK} from a generator seeded by the seed and the block
 * number, so restoring a checkpoint replays at most one block rather than the whole history (the
 * DirectRunner recreates readers from checkpoints every few bundles).
 */
public final class SyntheticUserSource
    extends UnboundedSource<PubsubMessage, SyntheticUserSource.Checkpoint> {

  static final int BLOCK = 1024;

  private final int eventsPerSecond;
  private final long seed;
  private final int splitIndex;

  /**
   * @param eventsPerSecond at least 1
   */
  public SyntheticUserSource(int eventsPerSecond, long seed) {
    this(eventsPerSecond, seed, 0);
  }

  private SyntheticUserSource(int eventsPerSecond, long seed, int splitIndex) {
    if (eventsPerSecond < 1) {
      throw new IllegalArgumentException(
          "--eventsPerSecond must be at least 1, got " + eventsPerSecond);
    }
    this.eventsPerSecond = eventsPerSecond;
    this.seed = seed;
    this.splitIndex = splitIndex;
  }

  int eventsPerSecond() {
    return eventsPerSecond;
  }

  /** How many users have been emitted; restoring it continues the seeded sequence. */
  public record Checkpoint(long emitted) implements UnboundedSource.CheckpointMark, Serializable {
    @Override
    public void finalizeCheckpoint() {
      // Nothing to acknowledge: the generator is its own replayable log.
    }
  }

  private SyntheticUserGenerator blockGenerator(long block) {
    // Distinct, reproducible sequences per split and block.
    return new SyntheticUserGenerator(
        (seed * 0x9E3779B97F4A7C15L + splitIndex) * 0xC2B2AE3D27D4EB4FL + block);
  }

  /**
   * Shares the rate among up to {@code desiredNumSplits} readers (never below one user per second
   * each), so a runner can generate in parallel.
   */
  @Override
  public List<SyntheticUserSource> split(int desiredNumSplits, PipelineOptions options) {
    int splits = Math.max(1, Math.min(desiredNumSplits, eventsPerSecond));
    List<SyntheticUserSource> sources = new java.util.ArrayList<>(splits);
    for (int i = 0; i < splits; i++) {
      int rate = eventsPerSecond / splits + (i < eventsPerSecond % splits ? 1 : 0);
      sources.add(new SyntheticUserSource(rate, seed, splitIndex * splits + i));
    }
    return sources;
  }

  @Override
  public UnboundedReader<PubsubMessage> createReader(
      PipelineOptions options, @Nullable Checkpoint checkpoint) {
    return new Reader(checkpoint == null ? 0 : checkpoint.emitted());
  }

  @Override
  public Coder<Checkpoint> getCheckpointMarkCoder() {
    return SerializableCoder.of(Checkpoint.class);
  }

  @Override
  public Coder<PubsubMessage> getOutputCoder() {
    return PubsubMessageWithAttributesCoder.of();
  }

  private final class Reader extends UnboundedReader<PubsubMessage> {
    private SyntheticUserGenerator generator;
    private final long emittedAtStart;
    private long emitted;
    private long startMillis;
    private @Nullable PubsubMessage current;
    private Instant currentTimestamp = new Instant(0);

    Reader(long alreadyEmitted) {
      generator = blockGenerator(alreadyEmitted / BLOCK);
      for (long i = 0; i < alreadyEmitted % BLOCK; i++) {
        generator.nextUser(); // replay the current block up to the checkpoint
      }
      this.emittedAtStart = alreadyEmitted;
      this.emitted = alreadyEmitted;
    }

    @Override
    public boolean start() {
      startMillis = System.currentTimeMillis();
      return advance();
    }

    @Override
    public boolean advance() {
      long now = System.currentTimeMillis();
      long allowed = emittedAtStart + (now - startMillis) * eventsPerSecond / 1000;
      if (emitted >= allowed) {
        return false;
      }
      if (emitted % BLOCK == 0 && emitted > emittedAtStart) {
        generator = blockGenerator(emitted / BLOCK);
      }
      ObjectNode record = generator.nextUser();
      java.time.Instant observedAt = java.time.Instant.ofEpochMilli(now);
      UserEventMessage message =
          UserEventMessages.toMessage(
              record,
              record.path("login").path("uuid").asText(null),
              observedAt,
              EventSource.SYNTHETIC);
      current = new PubsubMessage(message.data(), message.attributes());
      currentTimestamp = new Instant(now);
      emitted++;
      return true;
    }

    @Override
    public PubsubMessage getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return currentTimestamp;
    }

    @Override
    public Instant getWatermark() {
      // Every user not yet emitted will be stamped with a later clock reading.
      return new Instant(System.currentTimeMillis());
    }

    @Override
    public CheckpointMark getCheckpointMark() {
      return new Checkpoint(emitted);
    }

    @Override
    public UnboundedSource<PubsubMessage, ?> getCurrentSource() {
      return SyntheticUserSource.this;
    }

    @Override
    public void close() throws IOException {}
  }
}
