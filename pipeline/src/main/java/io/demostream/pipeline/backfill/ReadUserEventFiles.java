package io.demostream.pipeline.backfill;

import io.demostream.events.AnalyticProjector;
import io.demostream.events.AnalyticUser;
import io.demostream.events.UserEventAttributes;
import io.demostream.events.UserEventLine;
import io.demostream.events.UserEventMessage;
import io.demostream.events.Validated;
import io.demostream.events.ValidationError;
import io.demostream.events.metrics.PipelineCounters;
import io.demostream.pipeline.parse.DeadLetter;
import io.demostream.pipeline.parse.DeadLetterCoder;
import io.demostream.pipeline.parse.ParseUserEvents;
import java.time.Instant;
import java.util.Map;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads files of the contract's JSONL format (a local glob or {@code gs://}), one {@link
 * UserEventLine} per line, blank lines skipped, into the messages the stream would have carried,
 * each stamped with its {@code event_time}; repeated {@code event_id}s are kept once ({@link
 * RemoveDuplicateEvents}). A line that is not a valid message (its shape, its record or its
 * attributes, validated by {@link AnalyticProjector} as in the stream) or whose event time lies
 * outside the {@link BackfillRange} goes to {@link #DEAD_LETTERS} with the reason; nothing is
 * fatal.
 *
 * <p>No lateness or event-age check applies: the input is bounded, the watermark waits for the last
 * line, and history older than the stream's allowed lateness is what a backfill is for. The range
 * bounds what it may write instead.
 */
public final class ReadUserEventFiles extends PTransform<PBegin, PCollectionTuple> {

  public static final TupleTag<PubsubMessage> MESSAGES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  /** Non-blank lines read. Reconcile: read = users_parsed + users_dead_lettered + duplicates. */
  public static final String LINES_READ_COUNTER = PipelineCounters.LINES_READ;

  private final String filePattern;
  private final BackfillRange range;

  public ReadUserEventFiles(String filePattern, BackfillRange range) {
    this.filePattern = filePattern;
    this.range = range;
  }

  public BackfillRange range() {
    return range;
  }

  @Override
  public PCollectionTuple expand(PBegin input) {
    PCollectionTuple parsed =
        input
            .apply("ReadLines", TextIO.read().from(filePattern))
            .apply(
                "ParseEventLines",
                ParDo.of(new ParseEventLineFn(range))
                    .withOutputTags(MESSAGES, TupleTagList.of(DEAD_LETTERS)));
    parsed.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of());
    PCollection<PubsubMessage> unique =
        parsed
            .get(MESSAGES)
            .setCoder(PubsubMessageWithAttributesCoder.of())
            .apply("RemoveDuplicateEvents", new RemoveDuplicateEvents());
    return PCollectionTuple.of(MESSAGES, unique).and(DEAD_LETTERS, parsed.get(DEAD_LETTERS));
  }

  /** One line into a message at its event time, or a dead letter with the reason. */
  static final class ParseEventLineFn extends DoFn<String, PubsubMessage> {

    private final BackfillRange range;
    private final Counter linesRead =
        Metrics.counter(ParseUserEvents.METRICS_NAMESPACE, LINES_READ_COUNTER);
    private final Counter deadLettered =
        Metrics.counter(ParseUserEvents.METRICS_NAMESPACE, ParseUserEvents.DEAD_LETTERED_COUNTER);

    ParseEventLineFn(BackfillRange range) {
      this.range = range;
    }

    @ProcessElement
    public void processElement(@Element String line, MultiOutputReceiver out) {
      if (line.isBlank()) {
        return;
      }
      linesRead.inc();
      Validated<UserEventLine> parsed = UserEventLine.parse(line);
      if (!parsed.isValid()) {
        deadLetter(out, parsed.errorSummary(), line, Map.of());
        return;
      }
      UserEventMessage message = parsed.value().toMessage();
      Map<String, String> attributes = message.attributes();
      // The stream's validation, so that a line fails here exactly as its message would there.
      Validated<AnalyticUser> user = AnalyticProjector.project(message.data(), attributes);
      if (!user.isValid()) {
        deadLetter(out, user.errorSummary(), parsed.value().data().toString(), attributes);
        return;
      }
      Instant eventTime = user.value().eventTime();
      if (!range.contains(eventTime)) {
        deadLetter(
            out,
            new ValidationError(
                    "attributes." + UserEventAttributes.EVENT_TIME,
                    ValidationError.Reason.OUT_OF_RANGE,
                    "outside the backfill's range " + range)
                .toString(),
            parsed.value().data().toString(),
            attributes);
        return;
      }
      out.get(MESSAGES)
          .outputWithTimestamp(
              new PubsubMessage(message.data(), attributes),
              new org.joda.time.Instant(eventTime.toEpochMilli()));
    }

    private void deadLetter(
        MultiOutputReceiver out, String error, String payload, Map<String, String> attributes) {
      deadLettered.inc();
      out.get(DEAD_LETTERS)
          .output(
              new DeadLetter(
                  Instant.now(),
                  DeadLetter.eventTimeOf(attributes.get(UserEventAttributes.EVENT_TIME)),
                  error,
                  payload,
                  attributes));
    }
  }
}
