package io.demostream.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.demostream.events.EventSource;
import io.demostream.events.UserEventMessage;
import io.demostream.events.UserEventMessages;
import io.demostream.ingest.testing.ReplayFixtures;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaySourceTests {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Counts the slots the source waits for. */
  private static final class CountingPacer implements Pacer {
    int slots;

    @Override
    public void awaitNext() {
      slots++;
    }
  }

  private static InputStream text(List<String> lines) {
    return new ByteArrayInputStream(
        (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static List<UserEventMessage> drain(ReplaySource source) throws InterruptedException {
    List<UserEventMessage> messages = new ArrayList<>();
    while (!source.exhausted()) {
      SourceBatch batch = source.next();
      for (int i = 0; i < batch.users().size(); i++) {
        messages.add(batch.message(i, source.kind()));
      }
    }
    return messages;
  }

  private static void assertReplayedAsRecorded(
      List<UserEventMessage> messages, List<ObjectNode> users, List<Integer> indexes)
      throws Exception {
    assertThat(messages).hasSameSizeAs(indexes);
    for (int m = 0; m < messages.size(); m++) {
      int i = indexes.get(m);
      UserEventMessage message = messages.get(m);
      assertThat(message.attributes())
          .containsEntry(
              "event_time", UserEventMessages.EVENT_TIME_FORMAT.format(ReplayFixtures.eventTime(i)))
          .containsEntry("event_id", ReplayFixtures.eventId(i))
          .containsEntry("source", "replay")
          .containsEntry("schema_version", "1");
      JsonNode data = JSON.readTree(message.data());
      for (String credential : UserEventMessages.CREDENTIAL_FIELDS) {
        assertThat(data.path("login").has(credential)).isFalse();
      }
      assertThat(data.path("login").path("uuid").asText())
          .isEqualTo(users.get(i).path("login").path("uuid").asText());
    }
  }

  @Test
  void aJsonlFileOfRealUsersIsReplayedWithItsRecordedTimesAndIdsAndBadLinesReported()
      throws Exception {
    List<ObjectNode> users = ReplayFixtures.users();
    List<String> lines = new ArrayList<>();
    List<Integer> good = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      lines.add(ReplayFixtures.jsonlLine(users.get(i).deepCopy(), i));
      good.add(i);
    }
    // Lines 3, 10, 20, 31 (1-based) are broken in four ways; line 40 is blank.
    lines.set(2, "{\"attributes\":{},\"data\":");
    lines.set(9, lines.get(9).replace("\"schema_version\":\"1\"", "\"schema_version\":\"2\""));
    lines.set(
        19,
        lines.get(19).replaceFirst("\"event_time\":\"[^\"]*\"", "\"event_time\":\"yesterday\""));
    ObjectNode noGender = users.get(30).deepCopy();
    noGender.remove("gender");
    lines.set(30, ReplayFixtures.jsonlLine(noGender, 30));
    lines.set(39, "   ");
    good.removeAll(List.of(2, 9, 19, 30, 39));
    CountingPacer pacer = new CountingPacer();
    ReplaySource source =
        new ReplaySource(
            text(lines),
            new ReplaySettings("users.jsonl", ReplayFormat.JSONL, null),
            pacer,
            10,
            CLOCK);

    List<UserEventMessage> messages = drain(source);

    assertReplayedAsRecorded(messages, users, good);
    ReplayProgress progress = source.progress();
    assertThat(progress.finished()).isTrue();
    assertThat(progress.linesRead()).isEqualTo(users.size());
    assertThat(progress.usersRead()).isEqualTo(good.size());
    assertThat(progress.rejectedLines()).isEqualTo(4);
    assertThat(progress.rejected())
        .extracting(
            ReplayProgress.RejectedLine::line,
            ReplayProgress.RejectedLine::field,
            ReplayProgress.RejectedLine::reason)
        .containsExactly(
            tuple(3L, "$", "INVALID_JSON"),
            tuple(10L, "attributes.schema_version", "UNSUPPORTED_VALUE"),
            tuple(20L, "attributes.event_time", "UNPARSABLE_DATE"),
            tuple(31L, "data.gender", "MISSING"));
    // Batches of 10 users: one slot per batch, plus the one that found the end of the file.
    assertThat(pacer.slots).isEqualTo((good.size() + 9) / 10 + (good.size() % 10 == 0 ? 1 : 0));
  }

  @Test
  void aLineWithoutRecordedTimeOrIdIsObservedNowWithTheContractsId() throws Exception {
    ObjectNode user =
        ReplayFixtures.users().stream()
            .filter(candidate -> candidate.path("login").has("uuid"))
            .findFirst()
            .orElseThrow();
    ReplaySource source =
        ReplaySource.open(
            text(List.of("{\"data\":" + user + "}")),
            new ReplaySettings("users.jsonl", ReplayFormat.JSONL, null),
            CLOCK);

    List<UserEventMessage> messages = drain(source);

    assertThat(messages)
        .singleElement()
        .satisfies(
            message ->
                assertThat(message.attributes())
                    .containsEntry("event_time", "2026-03-01T12:00:00.000Z")
                    .containsEntry("event_id", user.path("login").path("uuid").asText())
                    .containsEntry("source", "replay"));
  }

  @Test
  void aCsvFileOfRealUsersIsReplayedLikeTheJsonlOneAndBadLinesReportedByNumber() throws Exception {
    List<ObjectNode> users = ReplayFixtures.users();
    List<String> lines = new ArrayList<>();
    lines.add(ReplayFixtures.csvHeader());
    List<Integer> good = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      lines.add(ReplayFixtures.csvLine(users.get(i), i));
      good.add(i);
    }
    // Line 6 (user 4) has a cell too few; line 12 (user 10) an age that is not a number.
    lines.set(5, lines.get(5).substring(0, lines.get(5).lastIndexOf(',')));
    String line12 = lines.get(11);
    int ageAt = -1;
    for (int comma = 0; comma < 4; comma++) {
      ageAt = line12.indexOf(',', ageAt + 1);
    }
    int ageEnd = line12.indexOf(',', ageAt + 1);
    lines.set(11, line12.substring(0, ageAt + 1) + "old" + line12.substring(ageEnd));
    good.removeAll(List.of(4, 10));
    ReplaySource source =
        new ReplaySource(
            text(lines),
            new ReplaySettings("users.csv", ReplayFormat.CSV, null),
            Pacer.UNPACED,
            1000,
            CLOCK);

    List<UserEventMessage> messages = drain(source);

    assertReplayedAsRecorded(messages, users, good);
    ObjectNode analytic = (ObjectNode) JSON.readTree(messages.get(0).data());
    assertThat(analytic.path("dob").path("age").asInt())
        .isEqualTo(users.get(0).path("dob").path("age").asInt());
    assertThat(analytic.path("location").path("country").asText())
        .isEqualTo(users.get(0).path("location").path("country").asText());
    assertThat(source.progress().rejected())
        .extracting(
            ReplayProgress.RejectedLine::line,
            ReplayProgress.RejectedLine::field,
            ReplayProgress.RejectedLine::reason)
        .containsExactly(tuple(6L, "$", "INVALID_CSV"), tuple(12L, "dob.age", "WRONG_TYPE"));
    assertThat(source.progress().linesRead()).isEqualTo(users.size() + 1);
  }

  @Test
  void aCsvFileWithoutAValidHeaderIsRefusedWhenOpened() {
    assertThatThrownBy(
            () ->
                ReplaySource.open(
                    text(List.of("gender,age,country", "male,30,Norway")),
                    new ReplaySettings("users.csv", ReplayFormat.CSV, 10),
                    CLOCK))
        .isInstanceOf(ReplayFileException.class)
        .hasMessageContaining("unknown column 'age'");
    assertThatThrownBy(
            () ->
                ReplaySource.open(
                    text(List.of()), new ReplaySettings("empty.csv", ReplayFormat.CSV, 10), CLOCK))
        .isInstanceOf(ReplayFileException.class)
        .hasMessageContaining("header line is required");
  }

  @Test
  void aRatedReplayPublishesATwentiethOfASecondPerSlot() {
    assertThat(ReplaySource.batchSize(1)).isEqualTo(1);
    assertThat(ReplaySource.batchSize(100)).isEqualTo(5);
    assertThat(ReplaySource.batchSize(1000)).isEqualTo(50);
    assertThat(ReplaySource.batchSize(1_000_000)).isEqualTo(1000);
  }

  @Test
  void localFilesAndCloudStorageObjectsOpenAndMissingOnesAreNamed(@TempDir Path dir)
      throws Exception {
    Storage storage = LocalStorageHelper.getOptions().getService();
    byte[] content = "line one\n".getBytes(StandardCharsets.UTF_8);
    storage.create(BlobInfo.newBuilder("replays", "2026/03/01/users.jsonl").build(), content);
    Path local = Files.write(dir.resolve("users.jsonl"), content);
    ReplayFiles files = new ReplayFiles(() -> storage);

    try (InputStream in = files.open("gs://replays/2026/03/01/users.jsonl")) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    try (InputStream in = files.open(local.toString())) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThatThrownBy(() -> files.check("gs://replays/missing.jsonl"))
        .isInstanceOf(ReplayFileException.class)
        .hasMessage("no object at gs://replays/missing.jsonl");
    assertThatThrownBy(() -> files.check("gs://replays"))
        .isInstanceOf(ReplayFileException.class)
        .hasMessageContaining("must be gs://<bucket>/<object>");
    assertThatThrownBy(() -> files.check(dir.resolve("missing.csv").toString()))
        .isInstanceOf(ReplayFileException.class)
        .hasMessageStartingWith("no file at ");
    ReplayFiles noCloud =
        new ReplayFiles(
            () -> {
              throw new IllegalStateException("no credentials");
            });
    assertThatThrownBy(() -> noCloud.check("gs://replays/users.jsonl"))
        .isInstanceOf(ReplayFileException.class)
        .hasMessage("cannot reach gs://replays/users.jsonl in Cloud Storage");
  }

  @Test
  void theSourceIsReplay() {
    ReplaySource source =
        ReplaySource.open(
            text(List.of()), new ReplaySettings("empty.jsonl", ReplayFormat.JSONL, null), CLOCK);
    assertThat(source.kind()).isEqualTo(EventSource.REPLAY);
  }
}
