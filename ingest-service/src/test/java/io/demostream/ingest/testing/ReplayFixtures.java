package io.demostream.ingest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demostream.events.UserCsv;
import io.demostream.events.UserEventLine;
import io.demostream.events.UserEventMessages;
import io.demostream.events.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Files of real users for replay tests: every valid user of the shared randomuser.me fixtures, user
 * {@code i} recorded at {@link #FIRST_EVENT} plus {@code i} seconds with event id {@code
 * recorded-i}.
 */
public final class ReplayFixtures {

  public static final Instant FIRST_EVENT = Instant.parse("2026-02-28T23:59:30Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReplayFixtures() {}

  /** Every user record of every fixture, in file order, as the API sent it. */
  public static List<ObjectNode> users() {
    List<ObjectNode> users = new ArrayList<>();
    for (Path fixture : Fixtures.randomUserResponses()) {
      try {
        for (JsonNode user : JSON.readTree(fixture.toFile()).get("results")) {
          users.add((ObjectNode) user);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return users;
  }

  public static Instant eventTime(int index) {
    return FIRST_EVENT.plusSeconds(index);
  }

  public static String eventId(int index) {
    return "recorded-" + index;
  }

  /** User {@code i} as a JSONL line, with credentials as the API sent them. */
  public static String jsonlLine(ObjectNode user, int index) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("event_time", UserEventMessages.EVENT_TIME_FORMAT.format(eventTime(index)));
    attributes.put("event_id", eventId(index));
    attributes.put("schema_version", "1");
    attributes.put("source", "randomuser");
    return new UserEventLine(attributes, user).format();
  }

  /** User {@code i} as a CSV line under {@link UserCsv#COLUMNS}. */
  public static String csvLine(ObjectNode user, int index) {
    List<String> cells = new ArrayList<>();
    for (String column : UserCsv.COLUMNS) {
      String value =
          switch (column) {
            case "event_time" -> UserEventMessages.EVENT_TIME_FORMAT.format(eventTime(index));
            case "event_id" -> eventId(index);
            default -> {
              JsonNode node = user;
              for (String part : column.split("\\.")) {
                node = node.path(part);
              }
              yield node.isMissingNode() || node.isNull() ? "" : node.asText();
            }
          };
      cells.add(
          value.contains(",") || value.contains("\"")
              ? "\"" + value.replace("\"", "\"\"") + "\""
              : value);
    }
    return cells.stream().collect(Collectors.joining(","));
  }

  public static String csvHeader() {
    return String.join(",", UserCsv.COLUMNS);
  }
}
