package io.demostream.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.AgeBand;
import io.demostream.events.Gender;
import io.demostream.events.UserEventAttributes;
import io.demostream.pipeline.testing.TestUsers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ParseUserEventsTest {

  private static final Instant EVENT_TIME = Instant.parse("2026-03-01T10:00:05Z");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static Map<String, String> attributes(String eventId) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put(UserEventAttributes.EVENT_ID, eventId);
    attributes.put(UserEventAttributes.EVENT_TIME, "2026-03-01T10:00:05.000Z");
    attributes.put(UserEventAttributes.SCHEMA_VERSION, "1");
    return attributes;
  }

  private static PubsubMessage message(String data, Map<String, String> attributes) {
    return new PubsubMessage(data.getBytes(StandardCharsets.UTF_8), attributes);
  }

  @Test
  public void validUserKeepsOnlyTheAnalyticProjection() {
    PubsubMessage valid = TestUsers.pubsub("u1", EVENT_TIME, "female", 34, 7, "Norway");
    PCollectionTuple parsed =
        pipeline
            .apply(
                Create.timestamped(stampedAt(valid, EVENT_TIME))
                    .withCoder(PubsubMessageWithAttributesCoder.of()))
            .apply(new ParseUserEvents());

    PAssert.that(parsed.get(ParseUserEvents.USERS))
        .satisfies(
            users -> {
              assertThat(users)
                  .singleElement()
                  .satisfies(
                      user -> {
                        assertThat(user.eventId()).isEqualTo("u1");
                        assertThat(user.eventTime()).isEqualTo(EVENT_TIME);
                        assertThat(user.gender()).isEqualTo(Gender.FEMALE);
                        assertThat(user.age()).isEqualTo(34);
                        assertThat(user.registeredAge()).isEqualTo(7);
                        assertThat(user.country()).isEqualTo("Norway");
                        assertThat(user.ageBand()).isEqualTo(AgeBand.FROM_25_TO_34);
                      });
              return null;
            });
    PAssert.that(parsed.get(ParseUserEvents.DEAD_LETTERS)).empty();
    pipeline.run();
  }

  @Test
  public void everyKindOfBadMessageReachesTheDeadLetterWithItsReason() {
    Map<String, String> badVersion = attributes("v2");
    badVersion.put(UserEventAttributes.SCHEMA_VERSION, "2");
    Map<String, String> noId = attributes("x");
    noId.remove(UserEventAttributes.EVENT_ID);
    String oversized = "x".repeat(70 * 1024);
    PCollectionTuple parsed =
        pipeline
            .apply(
                Create.of(
                        message("{not json", attributes("bad-json")),
                        message("{\"gender\":\"male\"}", attributes("missing-fields")),
                        message("{}", badVersion),
                        message("{}", noId),
                        message(oversized, attributes("too-large")))
                    .withCoder(PubsubMessageWithAttributesCoder.of()))
            .apply(new ParseUserEvents());

    PAssert.that(parsed.get(ParseUserEvents.USERS)).empty();
    PAssert.that(parsed.get(ParseUserEvents.DEAD_LETTERS))
        .satisfies(
            deadLetters -> {
              Map<String, DeadLetter> byId = new HashMap<>();
              for (DeadLetter deadLetter : deadLetters) {
                byId.put(
                    deadLetter.attributes().getOrDefault(UserEventAttributes.EVENT_ID, "none"),
                    deadLetter);
              }
              assertThat(byId).hasSize(5);
              assertThat(byId.get("bad-json").error()).startsWith("data: INVALID_JSON");
              assertThat(byId.get("bad-json").payload()).isEqualTo("{not json");
              assertThat(byId.get("bad-json").eventTime()).isEqualTo(EVENT_TIME);
              assertThat(byId.get("missing-fields").error()).contains("dob").contains("MISSING");
              assertThat(byId.get("v2").error())
                  .startsWith("attributes.schema_version: UNSUPPORTED_VALUE");
              assertThat(byId.get("none").error()).startsWith("attributes.event_id: MISSING");
              assertThat(byId.get("too-large").error()).startsWith("data: TOO_LARGE");
              assertThat(byId.get("too-large").payload()).hasSize(DeadLetter.MAX_PAYLOAD_CHARS);
              assertThat(byId.values()).allSatisfy(d -> assertThat(d.receivedAt()).isNotNull());
              return null;
            });
    PipelineResult result = pipeline.run();

    assertThat(counter(result, ParseUserEvents.DEAD_LETTERED_COUNTER)).isEqualTo(5);
    assertThat(counter(result, ParseUserEvents.PARSED_COUNTER)).isZero();
  }

  @Test
  public void unparsableEventTimeIsNamedAndLeftEmpty() {
    Map<String, String> attributes = attributes("bad-time");
    attributes.put(UserEventAttributes.EVENT_TIME, "yesterday");
    PubsubMessage user = TestUsers.pubsub("bad-time", EVENT_TIME, "male", 30, 1, "Peru");
    PCollectionTuple parsed =
        pipeline
            .apply(
                Create.of(new PubsubMessage(user.getPayload(), attributes))
                    .withCoder(PubsubMessageWithAttributesCoder.of()))
            .apply(new ParseUserEvents());

    PAssert.that(parsed.get(ParseUserEvents.DEAD_LETTERS))
        .satisfies(
            deadLetters -> {
              assertThat(deadLetters)
                  .singleElement()
                  .satisfies(
                      d -> {
                        assertThat(d.error()).startsWith("attributes.event_time: UNPARSABLE_DATE");
                        assertThat(d.eventTime()).isNull();
                        assertThat(d.payload()).contains("\"country\":\"Peru\"");
                      });
              return null;
            });
    PAssert.that(parsed.get(ParseUserEvents.USERS)).empty();
    pipeline.run();
  }

  @Test
  public void userStampedOtherThanAtItsEventTimeIsDeadLetteredAsFutureOrLate() {
    // The reader stamps a user from too far in the future with its (earlier) publish time, and a
    // user whose windows have all closed with its (later) watermark.
    PubsubMessage future = TestUsers.pubsub("future", EVENT_TIME, "male", 30, 1, "Peru");
    PubsubMessage late = TestUsers.pubsub("late", EVENT_TIME, "female", 40, 2, "Peru");
    PubsubMessage onTime = TestUsers.pubsub("on-time", EVENT_TIME, "female", 50, 3, "Peru");
    PCollectionTuple parsed =
        pipeline
            .apply(
                Create.timestamped(
                        stampedAt(future, EVENT_TIME.minusSeconds(600)),
                        stampedAt(late, EVENT_TIME.plusSeconds(3600)),
                        stampedAt(onTime, EVENT_TIME))
                    .withCoder(PubsubMessageWithAttributesCoder.of()))
            .apply(new ParseUserEvents());

    PAssert.that(parsed.get(ParseUserEvents.USERS))
        .satisfies(
            users -> {
              assertThat(users).singleElement().extracting("eventId").isEqualTo("on-time");
              return null;
            });
    PAssert.that(parsed.get(ParseUserEvents.DEAD_LETTERS))
        .satisfies(
            deadLetters -> {
              Map<String, String> errors = new HashMap<>();
              for (DeadLetter deadLetter : deadLetters) {
                errors.put(
                    deadLetter.attributes().get(UserEventAttributes.EVENT_ID), deadLetter.error());
                assertThat(deadLetter.eventTime()).isEqualTo(EVENT_TIME);
              }
              assertThat(errors).hasSize(2);
              assertThat(errors.get("future")).startsWith("attributes.event_time: OUT_OF_RANGE");
              assertThat(errors.get("late")).startsWith("attributes.event_time: LATE");
              return null;
            });
    PipelineResult result = pipeline.run();

    assertThat(counter(result, ParseUserEvents.PARSED_COUNTER)).isEqualTo(1);
    assertThat(counter(result, ParseUserEvents.DEAD_LETTERED_COUNTER)).isEqualTo(2);
    assertThat(counter(result, ParseUserEvents.LATE_COUNTER)).isEqualTo(1);
  }

  /** A message stamped as the reader stamps it. */
  private static TimestampedValue<PubsubMessage> stampedAt(PubsubMessage message, Instant at) {
    return TimestampedValue.of(message, new org.joda.time.Instant(at.toEpochMilli()));
  }

  private static long counter(PipelineResult result, String name) {
    return ParseUserEvents.counterTotal(result, name);
  }
}
