package io.demostream.ingest.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.pubsub.v1.PubsubMessage;
import io.demostream.events.EventSource;
import io.demostream.events.UserEventMessages;
import io.demostream.ingest.source.RandomUserClient;
import io.demostream.ingest.source.RandomUserProperties;
import io.demostream.ingest.source.ReplayFileException;
import io.demostream.ingest.source.ReplayFormat;
import io.demostream.ingest.source.SyntheticProperties;
import io.demostream.ingest.testing.InProcessPubSub;
import io.demostream.ingest.testing.ReplayFixtures;
import io.demostream.ingest.testing.TestPublishing;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay runs end to end: a file of real users through the loop into the in-process topic. */
class ReplayIngestionTests {

  private static final int MAX_IN_FLIGHT = 100;

  @TempDir Path dir;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private InProcessPubSub pubSub;
  private IngestionService ingestion;
  private IngestionLifecycle lifecycle;

  @BeforeEach
  void setUp() {
    TestPublishing publishing = TestPublishing.start(MAX_IN_FLIGHT, meters);
    pubSub = publishing.pubSub();
    RandomUserProperties randomUser =
        TestPublishing.randomUser(URI.create("http://127.0.0.1:9/api/"), 1);
    RandomUserClient client =
        new RandomUserClient(
            HttpClient.newHttpClient(),
            randomUser,
            CircuitBreaker.ofDefaults("randomuser"),
            meters,
            Clock.systemUTC());
    ingestion = publishing.ingestion(client, randomUser, new SyntheticProperties(100, 1L));
    lifecycle = new IngestionLifecycle(ingestion);
    lifecycle.start();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    pubSub.fake().release();
    lifecycle.stop();
    pubSub.close();
  }

  private static StartCommand replay(Path file, Integer usersPerSecond) {
    return new StartCommand(
        EventSource.REPLAY,
        usersPerSecond,
        null,
        null,
        null,
        null,
        new StartCommand.ReplayFile(file.toString(), ReplayFormat.ofFileName(file.toString())));
  }

  /** The fixtures' users, repeated {@code copies} times with distinct ids and times, as JSONL. */
  private Path jsonlFile(int copies, int badEvery) throws Exception {
    List<ObjectNode> users = ReplayFixtures.users();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < users.size() * copies; i++) {
      lines.add(
          badEvery > 0 && i % badEvery == badEvery - 1
              ? "{\"data\":{\"gender\":\"female\"}}"
              : ReplayFixtures.jsonlLine(users.get(i % users.size()).deepCopy(), i));
    }
    return Files.write(dir.resolve("users.jsonl"), lines);
  }

  @Test
  void aFileIsReplayedWithItsEventTimesExactlyOnceAndTheRunStopsAtItsEnd() throws Exception {
    Path file = jsonlFile(2, 50);
    int lines = ReplayFixtures.users().size() * 2;
    int bad = lines / 50;

    IngestionStatus started = ingestion.start(replay(file, null));
    assertThat(started.source()).isEqualTo("replay");
    await().until(() -> ingestion.status().state() == IngestionState.STOPPED);

    IngestionStatus done = ingestion.status();
    assertThat(done.counts().usersFetched()).isEqualTo(lines - bad);
    assertThat(done.counts().messagesPublished()).isEqualTo(lines - bad);
    assertThat(done.counts().invalidRecords()).isEqualTo(bad);
    assertThat(done.replay().finished()).isTrue();
    assertThat(done.replay().linesRead()).isEqualTo(lines);
    assertThat(done.replay().rejectedLines()).isEqualTo(bad);
    assertThat(done.replay().rejected())
        .extracting(rejected -> rejected.line() + " " + rejected.field())
        .contains("50 data.dob", "100 data.dob");
    Map<String, String> timeById =
        pubSub.fake().messages().stream()
            .collect(
                Collectors.toMap(
                    message -> message.getAttributesOrThrow("event_id"),
                    message -> message.getAttributesOrThrow("event_time")));
    assertThat(timeById).hasSize(lines - bad);
    for (int i = 0; i < lines; i++) {
      if (i % 50 != 49) {
        assertThat(timeById)
            .containsEntry(
                ReplayFixtures.eventId(i),
                UserEventMessages.EVENT_TIME_FORMAT.format(ReplayFixtures.eventTime(i)));
      }
    }
    assertThat(pubSub.fake().messages())
        .extracting(message -> message.getAttributesOrThrow("source"))
        .containsOnly("replay");
  }

  @Test
  void aRatedReplayKeepsItsRate() throws Exception {
    Path file = jsonlFile(4, 0);
    int users = ReplayFixtures.users().size() * 4; // 364 users
    int rate = 400;

    long start = System.nanoTime();
    ingestion.start(replay(file, rate));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ingestion.status().state() == IngestionState.STOPPED);
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(pubSub.fake().messageCount()).isEqualTo(users);
    // 20 slots per second of 20 users: the first slot is at once, so 18 intervals of 50 ms for
    // 364 users. Never faster than the rate; slower only by scheduling on a busy machine.
    double nominal = (Math.ceil(users / 20.0) - 1) / 20.0;
    assertThat(seconds).isGreaterThanOrEqualTo(nominal * 0.95).isLessThan(nominal + 10);
  }

  @Test
  void anUnpacedReplayWaitsForTheTopicAtTheInFlightLimit() throws Exception {
    Path file = jsonlFile(15, 0); // 1,365 users: more than max-in-flight plus one batch
    pubSub.fake().hold();

    ingestion.start(replay(file, null));

    // Nothing is acknowledged: reading stops once max-in-flight users wait (plus the batch in
    // hand).
    await().until(() -> pubSub.fake().messageCount() >= MAX_IN_FLIGHT);
    await()
        .during(Duration.ofMillis(300))
        .until(() -> ingestion.status().replay().linesRead() <= MAX_IN_FLIGHT + 1000);
    assertThat(ingestion.status().state()).isEqualTo(IngestionState.RUNNING);

    pubSub.fake().release();
    await().until(() -> ingestion.status().state() == IngestionState.STOPPED);
    assertThat(ingestion.status().counts().messagesPublished())
        .isEqualTo(ReplayFixtures.users().size() * 15L);
    List<PubsubMessage> messages = pubSub.fake().messages();
    assertThat(messages.stream().map(message -> message.getAttributesOrThrow("event_id")))
        .doesNotHaveDuplicates();
  }

  @Test
  void aMissingFileIsRefusedAtStartAndNothingRuns() {
    assertThatThrownBy(() -> ingestion.start(replay(dir.resolve("nope.csv"), 10)))
        .isInstanceOf(ReplayFileException.class)
        .hasMessageStartingWith("no file at ");
    assertThat(ingestion.status().state()).isEqualTo(IngestionState.IDLE);
  }
}
