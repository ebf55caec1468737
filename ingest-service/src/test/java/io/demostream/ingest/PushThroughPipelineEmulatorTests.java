package io.demostream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demostream.events.testing.Fixtures;
import io.demostream.events.testing.PubSubEmulator;
import io.demostream.ingest.testing.EmulatorPubSub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Pushed users all the way into the warehouse, the hold-out way: the 25 fixture users of
 * randomuser.me, two of them made invalid, pushed to the running service on the Pub/Sub emulator,
 * then the same request again with the same {@code Idempotency-Key} (a client's retry). The real
 * bundled pipeline jar (built before this module) reads the subscription on the DirectRunner into
 * an H2 warehouse; once drained, its windows must hold each accepted user exactly once, by country
 * and gender as an independent count of the request says, and nothing of the rejected ones.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PushThroughPipelineEmulatorTests {

  private static final String TOKEN = "push-pipeline-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path PIPELINE_JAR =
      Path.of("../pipeline/target/pipeline-bundled.jar").toAbsolutePath().normalize();

  private static final Path LOG = Path.of("target/push-through-pipeline.log");
  private static final Path METRICS = Path.of("target/push-through-pipeline.metrics.json");

  private static EmulatorPubSub pubSub;

  @TempDir static Path dir;
  @LocalServerPort private int port;
  @Autowired private RestClient.Builder restClients;

  @BeforeAll
  static void createTopic() throws IOException {
    assumeTrue(PubSubEmulator.isAvailable(), PubSubEmulator.skipReason());
    assertThat(PIPELINE_JAR)
        .withFailMessage(
            "The pipeline jar %s is missing: the reactor builds the pipeline before this module,"
                + " or build it with ./mvnw -B -o -pl pipeline package -DskipTests",
            PIPELINE_JAR)
        .isRegularFile();
    pubSub = new EmulatorPubSub(PubSubEmulator.hostPort().orElseThrow(), "pushed");
  }

  @AfterAll
  static void deleteTopic() {
    if (pubSub != null) {
      pubSub.close();
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.cloud.gcp.project-id", () -> EmulatorPubSub.PROJECT);
    registry.add(
        "spring.cloud.gcp.pubsub.emulator-host", () -> PubSubEmulator.hostPort().orElseThrow());
    registry.add("demostream.ingest.topic", () -> pubSub.topicId());
    registry.add("demostream.security.api-token", () -> TOKEN);
  }

  @Test
  void everyAcceptedUserIsCountedOnceAndARetryWithTheSameKeyCountsNothingMore() throws Exception {
    ArrayNode users =
        (ArrayNode)
            JSON.readTree(Fixtures.randomUserResponse("results-25-seed-fixture1.json"))
                .get("results");
    ((ObjectNode) users.get(4)).remove("gender");
    ((ObjectNode) users.get(11).get("dob")).put("age", "old");
    Map<String, Long> expected = new TreeMap<>();
    for (int i = 0; i < users.size(); i++) {
      if (i != 4 && i != 11) {
        JsonNode user = users.get(i);
        expected.merge(
            user.path("location").path("country").asText() + "|" + user.path("gender").asText(),
            1L,
            Long::sum);
      }
    }
    RestClient events =
        restClients
            .baseUrl("http://localhost:" + port + "/api/v1/events")
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
            .defaultHeader("Idempotency-Key", "hold-out-push-1")
            .build();

    for (int attempt = 0; attempt < 2; attempt++) {
      JsonNode answer =
          events
              .post()
              .contentType(MediaType.APPLICATION_JSON)
              .body(users.toString())
              .retrieve()
              .body(JsonNode.class);
      assertThat(answer.path("accepted").asInt()).isEqualTo(23);
      assertThat(answer.path("rejected").findValuesAsText("index")).containsExactly("4", "11");
      assertThat(answer.path("rejected").findValuesAsText("field"))
          .containsExactly("gender", "dob.age");
    }

    String warehouse = "jdbc:h2:file:" + dir.resolve("warehouse") + ";AUTO_SERVER=TRUE";
    Path drain = dir.resolve("drain");
    Files.deleteIfExists(METRICS);
    Process pipeline = startPipeline(warehouse, drain);
    try {
      // The pipeline's own counters, not the warehouse: H2 takes one writer process at a time, so
      // the warehouse is read only once the pipeline has drained and exited.
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> usersParsed() >= 23 || !pipeline.isAlive());
      Files.createFile(drain);
      assertThat(pipeline.waitFor(120, TimeUnit.SECONDS)).as("the pipeline drained").isTrue();
      assertThat(pipeline.exitValue())
          .as("the pipeline's exit code; its log:%n%s", Files.readString(LOG))
          .isZero();
    } finally {
      pipeline.destroyForcibly();
    }

    assertThat(countedUsers(warehouse)).isEqualTo(23);
    assertThat(byCountryAndGender(warehouse)).isEqualTo(expected);
    assertThat(count(warehouse, "SELECT COUNT(*) FROM dead_letter")).isZero();
  }

  private Process startPipeline(String warehouse, Path drain) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(PIPELINE_JAR.toString());
    command.add("--runner=DirectRunner");
    command.add("--source=pubsub");
    command.add("--inputSubscription=" + pubSub.subscriptionPath());
    command.add("--pubsubRootUrl=http://" + PubSubEmulator.hostPort().orElseThrow());
    command.add("--earlyFiringInterval=1s");
    command.add("--drainSignalFile=" + drain);
    command.add("--metricsFile=" + METRICS.toAbsolutePath());
    command.add("--sink=jdbc");
    command.add("--jdbcUrl=" + warehouse);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(LOG.toFile())
        .start();
  }

  /** Users the pipeline parsed so far, from the metrics file it rewrites every few seconds. */
  private static long usersParsed() {
    try {
      return JSON.readTree(METRICS.toFile())
          .path("counters")
          .path("demographics/users_parsed")
          .asLong(0);
    } catch (IOException e) {
      // Not written yet, or being rewritten.
      return 0;
    }
  }

  /** Users of the latest pane of every (fixed) window: each user once. */
  private static long countedUsers(String warehouse) {
    return count(
        warehouse,
        "SELECT COALESCE(SUM(users), 0) FROM (SELECT window_start, MAX(pane_index) AS last"
            + " FROM window_summary GROUP BY window_start) latest JOIN window_summary w"
            + " ON w.window_start = latest.window_start AND w.pane_index = latest.last");
  }

  private static Map<String, Long> byCountryAndGender(String warehouse) throws SQLException {
    Map<String, Long> counted = new TreeMap<>();
    try (Connection connection = DriverManager.getConnection(warehouse, "", "");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT w.country, w.gender, SUM(w.users) FROM window_by_country_gender w JOIN"
                    + " (SELECT window_start, country, gender, MAX(pane_index) AS last FROM"
                    + " window_by_country_gender GROUP BY window_start, country, gender) latest"
                    + " ON w.window_start = latest.window_start AND w.country = latest.country"
                    + " AND w.gender = latest.gender AND w.pane_index = latest.last"
                    + " GROUP BY w.country, w.gender")) {
      while (rows.next()) {
        counted.put(rows.getString(1) + "|" + rows.getString(2), rows.getLong(3));
      }
    }
    return counted;
  }

  private static long count(String warehouse, String sql) {
    try (Connection connection = DriverManager.getConnection(warehouse, "", "");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      // The pipeline has not created its tables yet.
      return 0;
    }
  }
}
