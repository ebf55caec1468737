package io.demostream.pipeline.backfill;

import io.demostream.events.AnalyticProjector;
import io.demostream.events.UserEventAttributes;
import io.demostream.events.metrics.PipelineCounters;
import io.demostream.pipeline.parse.ParseUserEvents;
import java.time.Instant;
import java.util.Arrays;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Keeps one message per {@code event_id}, as the stream's reader does for redeliveries: the one
 * with the earliest {@code event_time} (then the smallest payload, so the choice does not depend on
 * the order of reading), stamped at that event time (the group's earliest timestamp). Every message
 * it drops counts in {@link #DUPLICATES_COUNTER}. Input messages are valid (their {@code event_id}
 * and {@code event_time} checked by {@link ReadUserEventFiles}).
 */
public final class RemoveDuplicateEvents
    extends PTransform<PCollection<PubsubMessage>, PCollection<PubsubMessage>> {

  /** Lines dropped because an earlier line had their {@code event_id}. */
  public static final String DUPLICATES_COUNTER = PipelineCounters.DUPLICATES_REMOVED;

  @Override
  public PCollection<PubsubMessage> expand(PCollection<PubsubMessage> messages) {
    return messages
        .apply(
            "KeyByEventId",
            WithKeys.of(
                    (PubsubMessage message) -> message.getAttribute(UserEventAttributes.EVENT_ID))
                .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), PubsubMessageWithAttributesCoder.of()))
        // The kept message leaves the grouping at the earliest event time of its group: its own.
        .apply(
            "StampAtEarliest",
            Window.<KV<String, PubsubMessage>>into(new GlobalWindows())
                .withTimestampCombiner(TimestampCombiner.EARLIEST))
        .apply("KeepOnePerEventId", Combine.perKey(new KeepEarliestFn()))
        .apply("CountDuplicates", ParDo.of(new CountDuplicatesFn()))
        .setCoder(PubsubMessageWithAttributesCoder.of());
  }

  /** The kept message and how many messages its group had. */
  static final class KeepEarliestFn
      extends Combine.CombineFn<
          PubsubMessage, KV<@Nullable PubsubMessage, Long>, KV<@Nullable PubsubMessage, Long>> {

    @Override
    public KV<@Nullable PubsubMessage, Long> createAccumulator() {
      return KV.of(null, 0L);
    }

    @Override
    public KV<@Nullable PubsubMessage, Long> addInput(
        KV<@Nullable PubsubMessage, Long> accumulator, PubsubMessage input) {
      return KV.of(earlier(accumulator.getKey(), input), accumulator.getValue() + 1);
    }

    @Override
    public KV<@Nullable PubsubMessage, Long> mergeAccumulators(
        Iterable<KV<@Nullable PubsubMessage, Long>> accumulators) {
      PubsubMessage kept = null;
      long count = 0;
      for (KV<@Nullable PubsubMessage, Long> accumulator : accumulators) {
        kept = earlier(kept, accumulator.getKey());
        count += accumulator.getValue();
      }
      return KV.of(kept, count);
    }

    @Override
    public KV<@Nullable PubsubMessage, Long> extractOutput(
        KV<@Nullable PubsubMessage, Long> accumulator) {
      return accumulator;
    }

    @Override
    public Coder<KV<@Nullable PubsubMessage, Long>> getAccumulatorCoder(
        CoderRegistry registry, Coder<PubsubMessage> inputCoder) {
      return KvCoder.of(NullableCoder.of(PubsubMessageWithAttributesCoder.of()), VarLongCoder.of());
    }

    @Override
    public Coder<KV<@Nullable PubsubMessage, Long>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<PubsubMessage> inputCoder) {
      return getAccumulatorCoder(registry, inputCoder);
    }

    private static @Nullable PubsubMessage earlier(
        @Nullable PubsubMessage a, @Nullable PubsubMessage b) {
      if (a == null) {
        return b;
      }
      if (b == null) {
        return a;
      }
      int byTime = eventTime(a).compareTo(eventTime(b));
      if (byTime != 0) {
        return byTime < 0 ? a : b;
      }
      return Arrays.compare(a.getPayload(), b.getPayload()) <= 0 ? a : b;
    }

    private static Instant eventTime(PubsubMessage message) {
      return AnalyticProjector.eventTime(message.getAttribute(UserEventAttributes.EVENT_TIME))
          .value();
    }
  }

  static final class CountDuplicatesFn
      extends DoFn<KV<String, KV<@Nullable PubsubMessage, Long>>, PubsubMessage> {

    private final Counter duplicates =
        Metrics.counter(ParseUserEvents.METRICS_NAMESPACE, DUPLICATES_COUNTER);

    @ProcessElement
    public void processElement(
        @Element KV<String, KV<@Nullable PubsubMessage, Long>> group,
        OutputReceiver<PubsubMessage> out) {
      PubsubMessage kept = group.getValue().getKey();
      if (kept == null) {
        return; // a group is never empty; nothing to emit if a runner says otherwise
      }
      duplicates.inc(group.getValue().getValue() - 1);
      out.output(kept);
    }
  }
}
