package io.demostream.pipeline.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demostream.events.EventSource;
import io.demostream.events.UserEventAttributes;
import io.demostream.events.UserEventMessage;
import io.demostream.events.UserEventMessages;
import io.demostream.events.synthetic.SyntheticUserGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.values.TimestampedValue;

/** Contract messages with chosen demographics and event times, built like ingest builds them. */
public final class TestUsers {

  /** Window tests start here; a minute boundary so windows are easy to read. */
  public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static final AtomicLong SEED = new AtomicLong(7);

  private TestUsers() {}

  /** A synthetic API record with the given fields overwritten. */
  public static ObjectNode record(String gender, int age, int registeredAge, String country) {
    ObjectNode record = new SyntheticUserGenerator(SEED.incrementAndGet()).nextUser();
    record.put("gender", gender);
    ((ObjectNode) record.get("dob")).put("age", age);
    ((ObjectNode) record.get("registered")).put("age", registeredAge);
    ((ObjectNode) record.get("location")).put("country", country);
    return record;
  }

  public static UserEventMessage message(
      String eventId,
      Instant eventTime,
      String gender,
      int age,
      int registeredAge,
      String country) {
    return UserEventMessages.toMessage(
        record(gender, age, registeredAge, country), eventId, eventTime, EventSource.RANDOMUSER);
  }

  public static PubsubMessage pubsub(
      String eventId,
      Instant eventTime,
      String gender,
      int age,
      int registeredAge,
      String country) {
    UserEventMessage message = message(eventId, eventTime, gender, age, registeredAge, country);
    return new PubsubMessage(message.data(), message.attributes());
  }

  /** A user message stamped with its event time, as the Pub/Sub reader would stamp it. */
  public static TimestampedValue<PubsubMessage> at(
      int secondsAfterT0,
      String eventId,
      String gender,
      int age,
      int registeredAge,
      String country) {
    Instant eventTime = T0.plusSeconds(secondsAfterT0);
    return TimestampedValue.of(
        pubsub(eventId, eventTime, gender, age, registeredAge, country),
        new org.joda.time.Instant(eventTime.toEpochMilli()));
  }

  /** A message whose data is not JSON, with valid attributes. */
  public static TimestampedValue<PubsubMessage> malformedAt(int secondsAfterT0, String eventId) {
    Instant eventTime = T0.plusSeconds(secondsAfterT0);
    Map<String, String> attributes = new HashMap<>();
    attributes.put(UserEventAttributes.EVENT_ID, eventId);
    attributes.put(
        UserEventAttributes.EVENT_TIME, UserEventMessages.EVENT_TIME_FORMAT.format(eventTime));
    attributes.put(UserEventAttributes.SCHEMA_VERSION, UserEventAttributes.CURRENT_SCHEMA_VERSION);
    return TimestampedValue.of(
        new PubsubMessage("{not json".getBytes(StandardCharsets.UTF_8), attributes),
        new org.joda.time.Instant(eventTime.toEpochMilli()));
  }

  public static org.joda.time.Instant jodaAt(int secondsAfterT0) {
    return new org.joda.time.Instant(T0.plusSeconds(secondsAfterT0).toEpochMilli());
  }
}
