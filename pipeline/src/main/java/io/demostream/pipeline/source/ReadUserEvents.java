package io.demostream.pipeline.source;

import io.demostream.events.UserEventAttributes;
import io.demostream.pipeline.backfill.BackfillRange;
import io.demostream.pipeline.backfill.ReadUserEventFiles;
import java.util.Locale;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.gcp.pubsub.EventTimePubsubRead;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads contract messages from Pub/Sub (duplicates removed by {@code event_id}) or from the {@link
 * SyntheticUserSource}; with a {@link DrainSignal}, through a {@link DrainableSource}.
 *
 * <p>Pub/Sub is read one of two ways, both without a timestamp attribute (which would let one
 * message with a broken {@code event_time} stop the pipeline):
 *
 * <ul>
 *   <li>{@link #fromPubsubNatively natively} (on Dataflow): {@link PubsubIO}'s read, whose source
 *       the Dataflow runner replaces with the service's native reader; messages carry their publish
 *       time and {@link AssignEventTimes}, a step after this one, moves them to their event time;
 *   <li>{@link #fromPubsub through the event-time source} (local runners and Flink): Beam's source
 *       wrapped by {@code EventTimePubsubRead}, stamped in the reader by the {@link
 *       EventTimePolicy}, with a watermark from event times over {@code --watermarkSamplePeriod} (2
 *       s locally, where Beam's reader would keep a minute) and the local drain.
 * </ul>
 */
public final class ReadUserEvents extends PTransform<PBegin, PCollection<PubsubMessage>> {

  /** The {@code --source} values. */
  public enum Kind {
    PUBSUB,
    SYNTHETIC,
    /** Files of the contract's JSONL format, in batch: the backfill. */
    FILES;

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Kind fromOption(String value) {
      String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
      return switch (wanted) {
        case "pubsub" -> PUBSUB;
        case "synthetic" -> SYNTHETIC;
        case "files" -> FILES;
        default ->
            throw new IllegalArgumentException(
                "--source='" + value + "' is not supported: use pubsub, synthetic or files");
      };
    }
  }

  private final Kind kind;
  private final @Nullable String subscription;
  private final @Nullable String topic;
  private final int eventsPerSecond;
  private final long seed;
  private final @Nullable DrainSignal drainSignal;
  private final @Nullable EventTimePolicy eventTimePolicy;
  private final boolean nativeRead;
  private final @Nullable ReadUserEventFiles files;

  private ReadUserEvents(
      Kind kind,
      @Nullable String subscription,
      @Nullable String topic,
      int eventsPerSecond,
      long seed,
      @Nullable DrainSignal drainSignal,
      @Nullable EventTimePolicy eventTimePolicy,
      boolean nativeRead,
      @Nullable ReadUserEventFiles files) {
    this.kind = kind;
    this.files = files;
    this.subscription = subscription;
    this.topic = topic;
    this.eventsPerSecond = eventsPerSecond;
    this.seed = seed;
    this.drainSignal = drainSignal;
    this.eventTimePolicy = eventTimePolicy;
    this.nativeRead = nativeRead;
  }

  /** Exactly one of {@code subscription} and {@code topic} is set. */
  public static ReadUserEvents fromPubsub(
      @Nullable String subscription,
      @Nullable String topic,
      @Nullable DrainSignal drainSignal,
      EventTimePolicy eventTimePolicy) {
    return new ReadUserEvents(
        Kind.PUBSUB, subscription, topic, 0, 0, drainSignal, eventTimePolicy, false, null);
  }

  /**
   * Exactly one of {@code subscription} and {@code topic} is set. Messages carry their publish
   * time: apply {@link AssignEventTimes} with {@code eventTimePolicy} after this read.
   */
  public static ReadUserEvents fromPubsubNatively(
      @Nullable String subscription, @Nullable String topic, EventTimePolicy eventTimePolicy) {
    return new ReadUserEvents(
        Kind.PUBSUB, subscription, topic, 0, 0, null, eventTimePolicy, true, null);
  }

  /**
   * True when messages leave this read at their publish time and {@link AssignEventTimes} must
   * follow it (the native read); false when they carry their timestamp already.
   */
  public boolean assignsEventTimesAfterRead() {
    return nativeRead;
  }

  /** How Pub/Sub messages are stamped and the watermark estimated; null for synthetic users. */
  public @Nullable EventTimePolicy eventTimePolicy() {
    return eventTimePolicy;
  }

  /** Synthetic users are stamped with the clock reading that is also their event time. */
  public static ReadUserEvents synthetic(
      int eventsPerSecond, long seed, @Nullable DrainSignal drainSignal) {
    return new ReadUserEvents(
        Kind.SYNTHETIC, null, null, eventsPerSecond, seed, drainSignal, null, false, null);
  }

  /**
   * Files of the contract's JSONL format ({@code --source=files}), a bounded input: the pipeline
   * applies {@link #fileRead()} in place of this transform, whose dead letters join the others.
   */
  public static ReadUserEvents files(String filePattern, BackfillRange range) {
    return new ReadUserEvents(
        Kind.FILES,
        null,
        null,
        0,
        0,
        null,
        null,
        false,
        new ReadUserEventFiles(filePattern, range));
  }

  /** True for {@code --source=files}: bounded, read with {@link #fileRead()}. */
  public boolean readsFiles() {
    return files != null;
  }

  /** The read of {@code --source=files}; null for the other sources. */
  public @Nullable ReadUserEventFiles fileRead() {
    return files;
  }

  @Override
  public PCollection<PubsubMessage> expand(PBegin input) {
    if (files != null) {
      throw new IllegalStateException("--source=files is read with fileRead(), which dead-letters");
    }
    if (kind == Kind.SYNTHETIC) {
      UnboundedSource<PubsubMessage, ?> source = new SyntheticUserSource(eventsPerSecond, seed);
      if (drainSignal != null) {
        source = drainable(source, drainSignal);
      }
      return input
          .apply("ReadSyntheticUsers", Read.from(source))
          .setCoder(PubsubMessageWithAttributesCoder.of());
    }
    String id = UserEventAttributes.EVENT_ID;
    if (nativeRead) {
      PubsubIO.Read<PubsubMessage> read = PubsubIO.readMessagesWithAttributes().withIdAttribute(id);
      return input.apply(
          "ReadPubsubMessages",
          subscription != null ? read.fromSubscription(subscription) : read.fromTopic(topic));
    }
    DrainSignal signal = drainSignal;
    return input.apply(
        "ReadPubsub",
        new EventTimePubsubRead(
            subscription != null
                ? EventTimePubsubRead.fromSubscription(subscription, id)
                : EventTimePubsubRead.fromTopic(topic, id),
            eventTimePolicy,
            source -> signal == null ? source : drainable(source, signal)));
  }

  private static <T, C extends UnboundedSource.CheckpointMark> UnboundedSource<T, ?> drainable(
      UnboundedSource<T, C> source, DrainSignal signal) {
    return new DrainableSource<>(source, signal);
  }
}
