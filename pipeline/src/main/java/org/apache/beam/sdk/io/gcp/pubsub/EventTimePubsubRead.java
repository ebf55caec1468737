package org.apache.beam.sdk.io.gcp.pubsub;

import io.demostream.pipeline.source.EventTimePolicy;
import io.demostream.pipeline.source.EventTimeSource;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.ValueProvider.StaticValueProvider;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * demostream's Pub/Sub read on the DirectRunner and Flink: Beam's Pub/Sub {@link UnboundedSource},
 * which Beam keeps package-private, read <em>without</em> a timestamp attribute (so a message with
 * a missing or broken {@code event_time} cannot make it throw), deduplicated by the id attribute,
 * with event time assigned by an {@link EventTimeSource}; the caller may wrap the result, e.g. in a
 * drainable source for a local run.
 *
 * <p>Not used on Dataflow, which reads with {@link PubsubIO} so that the runner can replace {@link
 * PubsubUnboundedSource} with the service's native reader (it would run this one as a custom
 * source). It remains for the local runners because its watermark, the oldest event time over a
 * short sample period, keeps on-time panes seconds after their window, where Beam's reader, with a
 * fixed one-minute estimate, keeps them a minute behind (measured, see {@code docs/RELIABILITY.md}
 * and {@code docs/BENCHMARKS.md}); and it carries the local drain.
 *
 * <p>Lives in Beam's package because no public API exposes the source; checked against our Beam
 * version by the pipeline's emulator test and {@code EventTimePubsubReadTest}.
 */
public final class EventTimePubsubRead extends PTransform<PBegin, PCollection<PubsubMessage>> {

  private final PubsubUnboundedSource read;
  private final EventTimePolicy policy;
  private final UnaryOperator<UnboundedSource<PubsubMessage, ?>> wrapper;

  /**
   * @param read from {@link #fromSubscription} or {@link #fromTopic}
   * @param wrapper wraps the event-time source, e.g. in a drainable one
   */
  public EventTimePubsubRead(
      PubsubUnboundedSource read,
      EventTimePolicy policy,
      UnaryOperator<UnboundedSource<PubsubMessage, ?>> wrapper) {
    this.read = read;
    this.policy = policy;
    this.wrapper = wrapper;
  }

  /** Reads {@code subscription} ({@code projects/P/subscriptions/S}) with Beam's JSON client. */
  public static PubsubUnboundedSource fromSubscription(String subscription, String idAttribute) {
    return new PubsubUnboundedSource(
        PubsubJsonClient.FACTORY,
        null,
        null,
        StaticValueProvider.of(PubsubClient.subscriptionPathFromPath(subscription)),
        null,
        idAttribute,
        true);
  }

  /** Reads {@code topic} ({@code projects/P/topics/T}) through a temporary subscription. */
  public static PubsubUnboundedSource fromTopic(String topic, String idAttribute) {
    PubsubClient.TopicPath topicPath = PubsubClient.topicPathFromPath(topic);
    return new PubsubUnboundedSource(
        PubsubJsonClient.FACTORY,
        StaticValueProvider.of(PubsubClient.projectPathFromId(topicPath.getPath().split("/")[1])),
        StaticValueProvider.of(topicPath),
        null,
        null,
        idAttribute,
        true);
  }

  /** The source this transform reads: Beam's, stamped by the policy, then wrapped. */
  UnboundedSource<PubsubMessage, ?> source() {
    return wrapper.apply(
        new EventTimeSource<>(
            new PubsubUnboundedSource.PubsubSource(read),
            new PubsubMessages.ParsePubsubMessageProtoAsPayload(),
            policy));
  }

  @Override
  public PCollection<PubsubMessage> expand(PBegin input) {
    return input
        .apply("ReadPubsubSource", Read.from(source()))
        .setCoder(PubsubMessageWithAttributesCoder.of());
  }
}
