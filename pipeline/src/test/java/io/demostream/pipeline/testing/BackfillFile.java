package io.demostream.pipeline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demostream.events.EventSource;
import io.demostream.events.UserEventLine;
import io.demostream.events.UserEventMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JSONL backfill file of the team's real randomuser.me users ({@code
 * shared/fixtures/randomuser/results-25-seed-fixture1.json}), user {@code i} at {@code start + i *
 * 100 s + 7 s}, so 10-minute windows hold six users each; plus the bad lines and repeated {@code
 * event_id} a test asks for. Its {@link #expectedSummaries() expected windows} are counted here
 * from the raw JSON, independently of the pipeline's parser and projector.
 */
public final class BackfillFile {

  public static final String FIXTURE = "results-25-seed-fixture1.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WINDOW_SECONDS = 600;

  /** One good user as the file holds it. */
  public record User(
      String eventId,
      Instant eventTime,
      String gender,
      int age,
      int registeredAge,
      String country) {

    public Instant windowStart() {
      long epoch = eventTime.getEpochSecond();
      return Instant.ofEpochSecond(epoch - Math.floorMod(epoch, WINDOW_SECONDS));
    }
  }

  private final Instant start;
  private final List<User> users = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();

  private BackfillFile(Instant start) {
    this.start = start;
  }

  /** The fixture's users from {@code start}, one line each. */
  public static BackfillFile ofFixtureUsersFrom(Instant start) throws IOException {
    BackfillFile file = new BackfillFile(start);
    JsonNode results = JSON.readTree(fixture().toFile()).get("results");
    for (int i = 0; i < results.size(); i++) {
      ObjectNode record = (ObjectNode) results.get(i).deepCopy();
      Instant eventTime = start.plusSeconds(i * 100L + 7);
      String eventId = record.get("login").get("uuid").asText();
      file.users.add(
          new User(
              eventId,
              eventTime,
              record.get("gender").asText(),
              record.get("dob").get("age").asInt(),
              record.get("registered").get("age").asInt(),
              record.get("location").get("country").asText()));
      file.lines.add(
          UserEventLine.of(
                  UserEventMessages.toMessage(record, eventId, eventTime, EventSource.RANDOMUSER))
              .format());
    }
    return file;
  }

  /** Appends {@code line} as it is (a bad line, a blank one, a repeated event). */
  public BackfillFile withLine(String line) {
    lines.add(line);
    return this;
  }

  /** The line of good user {@code index} again, as a redelivery would repeat it. */
  public String lineOf(int index) {
    return lines.get(index);
  }

  public List<User> users() {
    return users;
  }

  public Instant start() {
    return start;
  }

  public Path writeTo(Path file) throws IOException {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Per window start: {@code users|male|female|other_gender|avg_age|avg_registered_age}, the
   * averages to two decimals.
   */
  public Map<Instant, String> expectedSummaries() {
    Map<Instant, List<User>> byWindow = new TreeMap<>();
    users.forEach(u -> byWindow.computeIfAbsent(u.windowStart(), w -> new ArrayList<>()).add(u));
    Map<Instant, String> expected = new TreeMap<>();
    byWindow.forEach(
        (window, inWindow) -> {
          long male = inWindow.stream().filter(u -> u.gender().equals("male")).count();
          long female = inWindow.stream().filter(u -> u.gender().equals("female")).count();
          expected.put(
              window,
              String.join(
                  "|",
                  Long.toString(inWindow.size()),
                  Long.toString(male),
                  Long.toString(female),
                  Long.toString(inWindow.size() - male - female),
                  twoDecimals(inWindow.stream().mapToInt(User::age).average().orElseThrow()),
                  twoDecimals(
                      inWindow.stream().mapToInt(User::registeredAge).average().orElseThrow())));
        });
    return expected;
  }

  /**
   * Per window start, country and gender: the number of users, as {@code start|country|gender|n}.
   */
  public List<String> expectedByCountryGender() {
    Map<String, Integer> counts = new TreeMap<>();
    users.forEach(
        u -> counts.merge(u.windowStart() + "|" + u.country() + "|" + u.gender(), 1, Integer::sum));
    List<String> expected = new ArrayList<>();
    counts.forEach((key, n) -> expected.add(key + "|" + n));
    return expected;
  }

  public static String twoDecimals(double value) {
    return String.format(java.util.Locale.ROOT, "%.2f", value);
  }

  private static Path fixture() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared/fixtures/randomuser").resolve(FIXTURE);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "shared/fixtures/randomuser/"
            + FIXTURE
            + " not found above "
            + Paths.get("").toAbsolutePath());
  }
}
