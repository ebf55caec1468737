package io.demostream.pipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demostream.events.EventSource;
import io.demostream.events.UserEventAttributes;
import io.demostream.events.UserEventMessage;
import io.demostream.events.UserEventMessages;
import io.demostream.events.synthetic.SyntheticUserGenerator;
import io.demostream.events.warehouse.WarehouseViews;
import io.demostream.pipeline.sink.JdbcWarehouse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * Valid users published beside hostile messages of every kind issue 14 names, each with the outcome
 * it must have: counted once, or a {@code dead_letter} row whose error contains the expected
 * reason. Event times are relative to {@code now}, the time the messages are published, so the
 * future and ancient ones are judged against the publish time.
 *
 * <p>Duplicated ids with different bodies are redeliveries by the contract ({@code event_id}
 * identifies the user): the reader's deduplication keeps one of the two, so the user counts once
 * and no dead letter is written for the other.
 */
public final class HostileCorpus {

  /** One message and what must become of it. */
  public record Case(
      String kind, byte[] data, Map<String, String> attributes, Outcome outcome, String reason) {}

  /** What must become of a message. */
  public enum Outcome {
    COUNTED,
    DEAD_LETTERED,
    DEDUPLICATED
  }

  private final List<Case> cases = new ArrayList<>();
  private final Instant now;
  private final Random random;
  private final SyntheticUserGenerator generator;
  private int serial;

  private HostileCorpus(Instant now, long seed) {
    this.now = now;
    this.random = new Random(seed);
    this.generator = new SyntheticUserGenerator(seed);
  }

  /**
   * @param validUsers users that must be counted, event times a few seconds before {@code now}
   * @param perKind hostile messages of each of the thirteen kinds
   */
  public static List<Case> build(Instant now, int validUsers, int perKind, long seed) {
    HostileCorpus corpus = new HostileCorpus(now, seed);
    List<String> validIds = new ArrayList<>();
    for (int i = 0; i < validUsers; i++) {
      UserEventMessage message = corpus.validMessage();
      validIds.add(message.attributes().get(UserEventAttributes.EVENT_ID));
      corpus.cases.add(
          new Case("valid", message.data(), message.attributes(), Outcome.COUNTED, null));
    }
    corpus.add(perKind, "bad-json", corpus::truncatedJson, "INVALID_JSON");
    corpus.add(perKind, "not-an-object", corpus::notAnObject, "NOT_AN_OBJECT");
    corpus.add(perKind, "wrong-types", corpus::wrongTypes, "WRONG_TYPE");
    corpus.add(perKind, "huge-payload", corpus::huge, "data: TOO_LARGE");
    corpus.add(perKind, "deep-nesting", corpus::deeplyNested, "INVALID_JSON");
    corpus.add(perKind, "invalid-utf8", corpus::invalidUtf8, "INVALID_JSON");
    corpus.add(perKind, "empty-data", corpus::emptyData, "data: MISSING");
    corpus.add(perKind, "no-attributes", corpus::noAttributes, "attributes.event_id: MISSING");
    corpus.add(perKind, "no-event-time", corpus::noEventTime, "attributes.event_time: MISSING");
    corpus.add(
        perKind, "broken-event-time", corpus::brokenEventTime, "attributes.event_time: UNPARSABLE");
    corpus.add(
        perKind, "bad-schema-version", corpus::badSchemaVersion, "schema_version: UNSUPPORTED");
    corpus.add(perKind, "future", corpus::future, "attributes.event_time: OUT_OF_RANGE");
    corpus.add(perKind, "ancient", corpus::ancient, "attributes.event_time: LATE");
    for (int i = 0; i < perKind && i < validIds.size(); i++) {
      // The same id as a valid user, another body.
      UserEventMessage other = corpus.validMessage();
      Map<String, String> attributes = new HashMap<>(other.attributes());
      attributes.put(UserEventAttributes.EVENT_ID, validIds.get(i));
      corpus.cases.add(
          new Case("duplicate-id", other.data(), attributes, Outcome.DEDUPLICATED, null));
    }
    return List.copyOf(corpus.cases);
  }

  public static long count(List<Case> cases, Outcome outcome) {
    return cases.stream().filter(c -> c.outcome() == outcome).count();
  }

  private void add(int count, String kind, IntFunction<UserEventMessage> make, String reason) {
    for (int i = 0; i < count; i++) {
      UserEventMessage message = make.apply(i);
      cases.add(
          new Case(kind, message.data(), message.attributes(), Outcome.DEAD_LETTERED, reason));
    }
  }

  private ObjectNode record() {
    return generator.nextUser();
  }

  private String nextId(String kind) {
    return kind + "-" + (++serial);
  }

  private UserEventMessage validMessage() {
    ObjectNode record = record();
    return UserEventMessages.toMessage(
        record,
        record.path("login").path("uuid").asText(),
        now.minusMillis(random.nextInt(5000)),
        EventSource.SYNTHETIC);
  }

  /** Valid contract attributes under a fresh id, for a payload that is the broken part. */
  private Map<String, String> attributes(String kind) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put(UserEventAttributes.EVENT_ID, nextId(kind));
    attributes.put(UserEventAttributes.EVENT_TIME, UserEventMessages.EVENT_TIME_FORMAT.format(now));
    attributes.put(UserEventAttributes.SCHEMA_VERSION, UserEventAttributes.CURRENT_SCHEMA_VERSION);
    attributes.put(UserEventAttributes.SOURCE, EventSource.SYNTHETIC.wireName());
    return attributes;
  }

  private UserEventMessage withData(String kind, byte[] data) {
    return new UserEventMessage(data, attributes(kind));
  }

  private UserEventMessage withEventTime(String kind, String eventTime) {
    UserEventMessage valid = validMessage();
    Map<String, String> attributes = attributes(kind);
    if (eventTime == null) {
      attributes.remove(UserEventAttributes.EVENT_TIME);
    } else {
      attributes.put(UserEventAttributes.EVENT_TIME, eventTime);
    }
    return new UserEventMessage(valid.data(), attributes);
  }

  private UserEventMessage truncatedJson(int i) {
    byte[] whole = record().toString().getBytes(StandardCharsets.UTF_8);
    int cut = 1 + random.nextInt(whole.length - 1);
    return withData("bad-json", java.util.Arrays.copyOf(whole, cut));
  }

  private UserEventMessage notAnObject(int i) {
    String[] values = {"[]", "[{\"gender\":\"male\"}]", "42", "\"user\"", "true", "null"};
    return withData("not-an-object", utf8(values[i % values.length]));
  }

  private UserEventMessage wrongTypes(int i) {
    ObjectNode record = record();
    switch (i % 5) {
      case 0 -> record.put("gender", 5);
      case 1 -> ((ObjectNode) record.get("dob")).put("age", "forty");
      case 2 -> ((ObjectNode) record.get("registered")).putObject("age");
      case 3 -> ((ObjectNode) record.get("location")).putArray("country").add("Norway");
      default -> record.put("nat", 3.5);
    }
    return withData("wrong-types", utf8(record.toString()));
  }

  private UserEventMessage huge(int i) {
    // Above the 64 KiB limit, some far above it; valid JSON so the size alone is at fault.
    int size = 65 * 1024 + random.nextInt(64 * 1024);
    ObjectNode record = record();
    record.put("padding", "x".repeat(size));
    return withData("huge-payload", utf8(record.toString()));
  }

  private UserEventMessage deeplyNested(int i) {
    int depth = 1_500 + i * 100; // past Jackson's nesting limit (1,000), within 64 KiB
    String data =
        i % 2 == 0
            ? "[".repeat(depth) + "]".repeat(depth)
            : "{\"gender\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
    return withData("deep-nesting", utf8(data));
  }

  private UserEventMessage invalidUtf8(int i) {
    byte[] json = record().toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // Inside the first string value: a lone continuation byte, a broken two-byte sequence, bytes
    // that never start a sequence.
    int at = new String(json, StandardCharsets.UTF_8).indexOf(':') + 2;
    out.write(json, 0, at);
    byte[][] bad = {{(byte) 0x80}, {(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF}, {(byte) 0xF8}};
    byte[] chosen = bad[i % bad.length];
    out.write(chosen, 0, chosen.length);
    out.write(json, at, json.length - at);
    return withData("invalid-utf8", out.toByteArray());
  }

  private UserEventMessage emptyData(int i) {
    return withData("empty-data", new byte[0]);
  }

  private UserEventMessage noAttributes(int i) {
    return new UserEventMessage(validMessage().data(), Map.of());
  }

  private UserEventMessage noEventTime(int i) {
    String[] missing = {null, "", "   "};
    return withEventTime("no-event-time", missing[i % missing.length]);
  }

  private UserEventMessage brokenEventTime(int i) {
    String[] broken = {
      "yesterday",
      "2026-02-30T00:00:00Z",
      "1764590000",
      "2026-12-01 10:00:00",
      "2026-12-01T25:00:00Z",
      "NaN",
      "0000-00-00T00:00:00Z",
      "2026-12-01T10:00:00.000Z; DROP TABLE dead_letter"
    };
    return withEventTime("broken-event-time", broken[i % broken.length]);
  }

  private UserEventMessage badSchemaVersion(int i) {
    UserEventMessage valid = validMessage();
    Map<String, String> attributes = attributes("bad-schema-version");
    attributes.put(UserEventAttributes.SCHEMA_VERSION, i % 2 == 0 ? "2" : "one");
    return new UserEventMessage(valid.data(), attributes);
  }

  private UserEventMessage future(int i) {
    Duration[] ahead = {
      Duration.ofMinutes(6), Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(3650)
    };
    return withEventTime(
        "future",
        UserEventMessages.EVENT_TIME_FORMAT.format(
            now.plus(ahead[i % ahead.length]).plusSeconds(i)));
  }

  private UserEventMessage ancient(int i) {
    String[] old = {
      "1970-01-01T00:00:00.000Z",
      "0001-01-01T00:00:00Z",
      "1999-12-31T23:59:59.999Z",
      UserEventMessages.EVENT_TIME_FORMAT.format(now.minus(Duration.ofDays(30)))
    };
    return withEventTime("ancient", old[i % old.length]);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Asserts the warehouse holds exactly the outcome of {@code cases}: one dead letter per hostile
   * message, each with its reason, and every valid user counted once in the latest panes.
   */
  public static void assertOutcomes(JdbcWarehouse warehouse, List<Case> cases) {
    Map<String, Long> byReason = new TreeMap<>();
    for (Case c : cases) {
      if (c.outcome() == Outcome.DEAD_LETTERED) {
        byReason.merge(c.reason(), 1L, Long::sum);
      }
    }
    Map<String, Long> found = new TreeMap<>();
    for (String reason : byReason.keySet()) {
      found.put(
          reason,
          Warehouse.count(
              warehouse, "SELECT COUNT(*) FROM dead_letter WHERE error LIKE '%" + reason + "%'"));
    }
    assertThat(found).as("dead letters by reason").isEqualTo(byReason);
    assertThat(Warehouse.count(warehouse, "SELECT COUNT(*) FROM dead_letter"))
        .as("dead letters")
        .isEqualTo(count(cases, Outcome.DEAD_LETTERED));
    assertThat(
            Warehouse.count(
                warehouse,
                "SELECT COALESCE(SUM(users), 0) FROM ("
                    + WarehouseViews.LATEST_WINDOW_SUMMARY.selectSql(UnaryOperator.identity())
                    + ") latest"))
        .as("users in the latest panes")
        .isEqualTo(count(cases, Outcome.COUNTED));
  }
}
