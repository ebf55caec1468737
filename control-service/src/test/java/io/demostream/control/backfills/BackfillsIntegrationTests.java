package io.demostream.control.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demostream.events.EventSource;
import io.demostream.events.UserEventLine;
import io.demostream.events.UserEventMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A backfill through the running service over HTTP, with the real local launcher running the real
 * bundled pipeline jar on the DirectRunner into the embedded H2 warehouse: a file of the 25 fixture
 * users of randomuser.me with known event times, a repeated line, a bad line and a line out of
 * range. Its counts and the warehouse's windows must equal an independent count of the file; the
 * same range again is refused as overlap, naming the windows.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "demostream.security.api-token=integration-token",
      "demostream.launcher=local",
      "demostream.local.runner=direct",
      "demostream.local.jvm-options=-Xmx512m",
      "demostream.local.startup-grace=0s",
      "demostream.backfills.poll-interval=200ms",
      "spring.cloud.gcp.project-id=demo-project",
      "spring.cloud.gcp.pubsub.emulator-host=localhost:8085"
    })
class BackfillsIntegrationTests {

  static final Path DATA_DIR = tempDir();
  private static final Path FILES = DATA_DIR.resolve("history");
  private static final ObjectMapper JSON = new ObjectMapper();
  // Yesterday's 10:00 to 11:00 UTC: history, on 10-minute window boundaries.
  private static final Instant START =
      Instant.now()
          .truncatedTo(ChronoUnit.DAYS)
          .minus(Duration.ofDays(1))
          .plus(Duration.ofHours(10));
  private static final Instant END = START.plus(Duration.ofHours(1));
  private static final List<Instant> USER_TIMES = new ArrayList<>();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("demostream.local.data-dir", DATA_DIR::toString);
    registry.add(
        "demostream.local.pipeline-jar",
        () -> Path.of("../pipeline/target/pipeline-bundled.jar").toAbsolutePath().normalize());
  }

  @Autowired TestRestTemplate rest;

  /**
   * The 25 fixture users at {@code START + 100 i + 7} seconds, then user 3's line again, a line
   * that is not JSON, and a user after the range: 28 lines, 25 users, 2 dead letters, 1 duplicate.
   */
  @BeforeAll
  static void writeTheFile() throws IOException {
    Files.createDirectories(FILES);
    JsonNode results = JSON.readTree(fixture().toFile()).get("results");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      ObjectNode record = (ObjectNode) results.get(i);
      Instant at = START.plusSeconds(i * 100L + 7);
      USER_TIMES.add(at);
      lines.add(line(record, record.get("login").get("uuid").asText(), at));
    }
    lines.add(lines.get(3));
    lines.add("{not json");
    lines.add(line((ObjectNode) results.get(0), "after-the-range", END.plusSeconds(1)));
    Files.write(FILES.resolve("day-1.jsonl"), lines);
  }

  @Test
  void aBackfillCountsTheFileExactlyAndTheSameRangeAgainIsRefused() throws Exception {
    String body = body(FILES.resolve("day-*.jsonl").toString(), START, END);
    assertThat(post(body, false).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

    ResponseEntity<JsonNode> accepted = post(body, true);
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String id = accepted.getBody().get("id").asText();
    assertThat(accepted.getHeaders().getLocation()).hasToString("/api/v1/backfills/" + id);
    assertThat(accepted.getBody().get("state").asText()).isEqualTo("RUNNING");
    String incarnation = accepted.getBody().get("jobName").asText();
    assertThat(incarnation).startsWith("backfill-");

    // While it runs, an overlapping range is refused: it is the running backfill's.
    ResponseEntity<JsonNode> meanwhile =
        post(body(FILES.toString(), START.plus(Duration.ofMinutes(30)), END), true);
    assertThat(meanwhile.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(meanwhile.getBody().get("detail").asText()).contains(id);

    JsonNode done = awaitEnded(id);
    assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    JsonNode summary = done.get("summary");
    assertThat(summary.get("linesRead").asLong()).isEqualTo(28);
    assertThat(summary.get("usersParsed").asLong()).isEqualTo(25);
    assertThat(summary.get("deadLettered").asLong()).isEqualTo(2);
    assertThat(summary.get("duplicatesRemoved").asLong()).isEqualTo(1);
    assertThat(summary.get("counted").asLong()).isEqualTo(25);
    assertThat(summary.get("warehouseDeadLettered").asLong()).isEqualTo(2);
    assertThat(summary.get("reconciled").asBoolean()).isTrue();
    assertThat(summary.get("incarnationId").asText()).isEqualTo(incarnation);
    assertThat(windowsInTheWarehouse(incarnation)).isEqualTo(independentCount());

    ResponseEntity<JsonNode> again = post(body, true);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(again.getBody().get("overlap").get("start").asText()).isEqualTo(START.toString());
    assertThat(again.getBody().get("overlap").get("end").asText())
        .isEqualTo(START.plus(Duration.ofMinutes(50)).toString());

    JsonNode listed = rest.getForEntity("/api/v1/backfills", JsonNode.class).getBody();
    assertThat(listed.findValuesAsText("id")).contains(id);
  }

  @Test
  void aBackfillWhoseFilesAreMissingFailsWithTheJob() {
    ResponseEntity<JsonNode> accepted =
        post(
            body(
                FILES.resolve("no-such-*.jsonl").toString(),
                START.minus(Duration.ofDays(2)),
                START.minus(Duration.ofDays(2)).plus(Duration.ofHours(1))),
            true);
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

    JsonNode ended = awaitEnded(accepted.getBody().get("id").asText());
    assertThat(ended.get("state").asText()).isEqualTo("FAILED");
    assertThat(ended.get("error").asText())
        .contains("ended FAILED")
        .contains("No files matched spec");
    assertThat(ended.has("summary")).isFalse();
  }

  @Test
  void anInvalidBackfillIsAProblemNamingTheField() {
    ResponseEntity<JsonNode> answer =
        post("{\"inputFiles\":\"/f.jsonl\",\"start\":\"soon\"}", true);

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(answer.getHeaders().getContentType().toString()).contains("problem+json");
    assertThat(answer.getBody().toString()).contains("start");
    assertThat(rest.getForEntity("/api/v1/backfills/nope", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  /** Users per 10-minute window of the file, counted here from the event times written. */
  private static Map<Instant, Long> independentCount() {
    Map<Instant, Long> windows = new TreeMap<>();
    for (Instant at : USER_TIMES) {
      long size = Duration.ofMinutes(10).toMillis();
      windows.merge(Instant.ofEpochMilli(at.toEpochMilli() / size * size), 1L, Long::sum);
    }
    return windows;
  }

  private static Map<Instant, Long> windowsInTheWarehouse(String incarnation) throws Exception {
    Map<Instant, Long> windows = new TreeMap<>();
    String url =
        "jdbc:h2:file:" + DATA_DIR.resolve("warehouse").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    try (Connection connection = DriverManager.getConnection(url, "", "");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT window_start, MAX(users) FROM window_summary WHERE job_id = '"
                    + incarnation
                    + "' GROUP BY window_start")) {
      while (rows.next()) {
        windows.put(rows.getTimestamp(1).toInstant(), rows.getLong(2));
      }
    }
    return windows;
  }

  private JsonNode awaitEnded(String id) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              last[0] = rest.getForEntity("/api/v1/backfills/" + id, JsonNode.class).getBody();
              return !"RUNNING".equals(last[0].get("state").asText());
            });
    return last[0];
  }

  private static String body(String files, Instant start, Instant end) {
    return JSON.createObjectNode()
        .put("inputFiles", files)
        .put("start", start.toString())
        .put("end", end.toString())
        .put("windowSize", "10m")
        .toString();
  }

  private ResponseEntity<JsonNode> post(String body, boolean authenticated) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (authenticated) {
      headers.setBearerAuth("integration-token");
    }
    return rest.exchange(
        "/api/v1/backfills", HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
  }

  private static String line(ObjectNode record, String eventId, Instant at) {
    return UserEventLine.of(
            UserEventMessages.toMessage(record, eventId, at, EventSource.RANDOMUSER))
        .format();
  }

  /** The fixture beside the checkout ({@code ../shared/fixtures}), found from the module. */
  private static Path fixture() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared/fixtures/randomuser/results-25-seed-fixture1.json");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("shared/fixtures/randomuser is not beside the checkout");
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("backfills-integration");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
