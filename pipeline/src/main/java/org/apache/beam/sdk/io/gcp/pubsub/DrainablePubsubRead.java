package org.apache.beam.sdk.io.gcp.pubsub;

import java.util.function.UnaryOperator;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * demostream's access to Beam's Pub/Sub {@link UnboundedSource}, which Beam keeps package-private:
 * it applies the same source and message parsing as {@link PubsubUnboundedSource#expand} (reading
 * attributes, timestamps from the timestamp attribute, ids from the id attribute for deduplication)
 * but lets the caller wrap the source, so a local run can be drained. Only for the DirectRunner:
 * Dataflow replaces {@link PubsubIO} with its native reader and has its own drain.
 *
 * <p>Lives in Beam's package because no public API exposes the source; checked against Beam 2.70 by
 * the pipeline's emulator test.
 */
public final class DrainablePubsubRead extends PTransform<PBegin, PCollection<PubsubMessage>> {

  private final PubsubUnboundedSource read;
  private final UnaryOperator<UnboundedSource<byte[], ?>> wrapper;

  /**
   * @param wrapper wraps Beam's source, e.g. in a drainable one
   */
  public DrainablePubsubRead(
      PubsubUnboundedSource read, UnaryOperator<UnboundedSource<byte[], ?>> wrapper) {
    this.read = read;
    this.wrapper = wrapper;
  }

  /** Reads {@code subscription} ({@code projects/P/subscriptions/S}) with Beam's JSON client. */
  public static PubsubUnboundedSource fromSubscription(
      String subscription, String timestampAttribute, String idAttribute) {
    return new PubsubUnboundedSource(
        PubsubJsonClient.FACTORY,
        null,
        null,
        org.apache.beam.sdk.options.ValueProvider.StaticValueProvider.of(
            PubsubClient.subscriptionPathFromPath(subscription)),
        timestampAttribute,
        idAttribute,
        true);
  }

  /** Reads {@code topic} ({@code projects/P/topics/T}) through a temporary subscription. */
  public static PubsubUnboundedSource fromTopic(
      String topic, String timestampAttribute, String idAttribute) {
    PubsubClient.TopicPath topicPath = PubsubClient.topicPathFromPath(topic);
    return new PubsubUnboundedSource(
        PubsubJsonClient.FACTORY,
        org.apache.beam.sdk.options.ValueProvider.StaticValueProvider.of(
            PubsubClient.projectPathFromId(topicPath.getPath().split("/")[1])),
        org.apache.beam.sdk.options.ValueProvider.StaticValueProvider.of(topicPath),
        null,
        timestampAttribute,
        idAttribute,
        true);
  }

  /** Beam's Pub/Sub source for {@code read}, wrapped; its records are PubsubMessage protos. */
  UnboundedSource<byte[], ?> source() {
    return wrapper.apply(new PubsubUnboundedSource.PubsubSource(read));
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public PCollection<PubsubMessage> expand(PBegin input) {
    UnboundedSource<byte[], ?> source = source();
    PCollection<byte[]> protos =
        (PCollection<byte[]>) input.apply("ReadPubsubSource", Read.from((UnboundedSource) source));
    return protos
        .apply(
            "ParsePubsubMessages",
            MapElements.into(TypeDescriptor.of(PubsubMessage.class))
                .via(new PubsubMessages.ParsePubsubMessageProtoAsPayload()))
        .setCoder(PubsubMessageWithAttributesCoder.of());
  }
}
