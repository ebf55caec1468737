package io.demostream.pipeline.backfill;

import static io.demostream.pipeline.testing.TestUsers.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demostream.events.EventSource;
import io.demostream.events.UserEventAttributes;
import io.demostream.events.UserEventLine;
import io.demostream.events.UserEventMessages;
import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import io.demostream.pipeline.DemographicsOptions;
import io.demostream.pipeline.DemographicsPipeline;
import io.demostream.pipeline.PipelineConfig;
import io.demostream.pipeline.parse.ParseUserEvents;
import io.demostream.pipeline.sink.JdbcWarehouse;
import io.demostream.pipeline.source.ReadUserEvents;
import io.demostream.pipeline.testing.BackfillFile;
import io.demostream.pipeline.testing.TestUsers;
import io.demostream.pipeline.testing.Warehouse;
import io.demostream.pipeline.window.WindowSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.joda.time.Duration;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The backfill end to end, from options to the JDBC warehouse on H2: a JSONL file of 25 real
 * randomuser.me users over five 10-minute windows, with bad lines and repeated {@code event_id}s,
 * gives exactly the windows an independent count of the file gives ({@link BackfillFile}), on the
 * DirectRunner and on an embedded Flink cluster, with every bad line in {@code dead_letter} with
 * its reason and the reconcile read = counted + dead-lettered + duplicates; and beside a stream
 * run, a backfill into windows the stream counted is refused, one next to them adds up.
 */
@RunWith(JUnit4.class)
public class BackfillPipelineTest {

  private static final Instant START = TestUsers.T0; // 2026-03-01T10:00:00Z
  private static final Instant END = START.plusSeconds(3600);
  private static final String BACKFILL = "backfill-1";

  @Rule public final TemporaryFolder folder = new TemporaryFolder();
  @Rule public final transient TestPipeline streamRun = TestPipeline.create();

  private String jdbcUrl;
  private JdbcWarehouse warehouse;

  @Before
  public void createWarehouse() {
    jdbcUrl = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    warehouse = new JdbcWarehouse(jdbcUrl, "sa", "");
    warehouse.createIfAbsent();
  }

  @Test
  public void backfillOnDirectRunnerCountsExactlyTheFile() throws Exception {
    BackfillFile file = fileWithBadLinesAndRepeats();
    PipelineResult result =
        DemographicsPipeline.run(
            options(file, "--runner=DirectRunner", "--incarnationId=" + BACKFILL));
    assertThat(result.waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);

    assertExactlyTheFile(file, result);
  }

  @Test
  public void backfillOnEmbeddedFlinkCountsExactlyTheFile() throws Exception {
    BackfillFile file = fileWithBadLinesAndRepeats();
    // Attached (Beam's default): the embedded cluster runs the batch job inside run().
    PipelineResult result =
        DemographicsPipeline.run(
            options(
                file,
                "--runner=FlinkRunner",
                "--flinkMaster=[local]",
                "--parallelism=2",
                "--stateBackendStoragePath=" + folder.newFolder("checkpoints").toURI(),
                "--incarnationId=" + BACKFILL));
    assertThat(result.waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);

    assertExactlyTheFile(file, result);
  }

  @Test
  public void backfillIntoWindowsAStreamCountedIsRefusedNamingTheRange() throws Exception {
    // The stream counted two users in the 10:20 window, which the backfill's range covers.
    streamCounts(at(1210, "s1", "male", 30, 2, "Norway"), at(1290, "s2", "female", 40, 4, "Spain"));

    BackfillFile file = BackfillFile.ofFixtureUsersFrom(START);
    assertThatThrownBy(
            () ->
                DemographicsPipeline.run(
                    options(file, "--runner=DirectRunner", "--incarnationId=" + BACKFILL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2026-03-01T10:00:00Z, 2026-03-01T11:00:00Z)")
        .hasMessageContaining("[2026-03-01T10:20:00Z, 2026-03-01T10:30:00Z)");
    assertThat(
            Warehouse.count(
                warehouse, "SELECT COUNT(*) FROM window_summary WHERE job_id = '" + BACKFILL + "'"))
        .isZero();
  }

  @Test
  public void backfillBesideAStreamRunAddsUpInTheViews() throws Exception {
    // The stream counted the 11:00 window, just after the backfill's range [10:00, 11:00).
    streamCounts(at(3610, "s1", "male", 30, 2, "Norway"), at(3620, "s2", "female", 40, 4, "Spain"));

    BackfillFile file = BackfillFile.ofFixtureUsersFrom(START);
    PipelineResult result =
        DemographicsPipeline.run(
            options(file, "--runner=DirectRunner", "--incarnationId=" + BACKFILL));
    assertThat(result.waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);

    Map<Instant, String> expected = new TreeMap<>(file.expectedSummaries());
    expected.put(START.plusSeconds(3600), "2|1|1|0|35.00|3.00");
    assertThat(latestSummaries()).isEqualTo(expected);
    assertThat(Warehouse.count(warehouse, "SELECT SUM(users) FROM latest_window_summary"))
        .isEqualTo(25 + 2);
  }

  @Test
  public void aRerunOfTheSameBackfillReplacesItsOwnPanes() throws Exception {
    BackfillFile file = BackfillFile.ofFixtureUsersFrom(START);
    for (int run = 0; run < 2; run++) {
      DemographicsPipeline.run(
              options(file, "--runner=DirectRunner", "--incarnationId=" + BACKFILL))
          .waitUntilFinish();
    }
    assertThat(latestSummaries()).isEqualTo(file.expectedSummaries());
  }

  /**
   * The fixture's 25 users, then: the line of user 3 again (a redelivery), user 5's event id at a
   * later time in another window (the earliest is kept), a blank line (skipped), and five bad
   * lines.
   */
  private BackfillFile fileWithBadLinesAndRepeats() throws Exception {
    BackfillFile file = BackfillFile.ofFixtureUsersFrom(START);
    BackfillFile.User fifth = file.users().get(5);
    ObjectNode record = TestUsers.record("male", 33, 3, "Norway");
    ObjectNode badAge = TestUsers.record("female", 33, 3, "Norway");
    ((ObjectNode) badAge.get("dob")).put("age", "old");
    return file.withLine(file.lineOf(3))
        .withLine(line(record, fifth.eventId(), START.plusSeconds(3000)))
        .withLine("")
        .withLine("{not json")
        .withLine("{\"attributes\":{\"event_id\":\"no-data\"}}")
        .withLine(line(badAge, "bad-age", START.plusSeconds(60)))
        .withLine(
            new UserEventLine(
                    Map.of(
                        UserEventAttributes.EVENT_ID, "bad-time",
                        UserEventAttributes.EVENT_TIME, "yesterday",
                        UserEventAttributes.SCHEMA_VERSION, "1"),
                    TestUsers.record("male", 20, 1, "Spain"))
                .format())
        .withLine(line(TestUsers.record("male", 20, 1, "Spain"), "too-late", END.plusSeconds(1)));
  }

  private void assertExactlyTheFile(BackfillFile file, PipelineResult result) throws Exception {
    assertThat(latestSummaries()).isEqualTo(file.expectedSummaries());
    assertThat(
            query(
                "SELECT window_start, country, gender, users FROM ("
                    + WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER.selectSql(
                        UnaryOperator.identity())
                    + ") latest ORDER BY window_start, country, gender"))
        .containsExactlyElementsOf(file.expectedByCountryGender());
    // The views read one incarnation, whose last pane of each window is its on-time pane.
    assertThat(
            Warehouse.query(
                warehouse,
                "SELECT DISTINCT pane_timing, incarnations FROM ("
                    + view(WarehouseViews.LATEST_WINDOW_SUMMARY)
                    + ") latest"))
        .containsExactly("ON_TIME|1");

    assertThat(Warehouse.query(warehouse, "SELECT job_id, error FROM dead_letter ORDER BY error"))
        .hasSize(5)
        .allMatch(row -> row.startsWith(BACKFILL + "|"))
        .anyMatch(row -> row.contains("$: INVALID_JSON"))
        .anyMatch(row -> row.contains("data: MISSING"))
        .anyMatch(row -> row.contains("dob.age") && row.contains("WRONG_TYPE"))
        .anyMatch(row -> row.contains("attributes.event_time: UNPARSABLE_DATE"))
        .anyMatch(
            row ->
                row.contains("attributes.event_time: OUT_OF_RANGE")
                    && row.contains("[2026-03-01T10:00:00Z, 2026-03-01T11:00:00Z)"));

    long read = ParseUserEvents.counterTotal(result, ReadUserEventFiles.LINES_READ_COUNTER);
    long counted = ParseUserEvents.counterTotal(result, ParseUserEvents.PARSED_COUNTER);
    long deadLettered = ParseUserEvents.counterTotal(result, ParseUserEvents.DEAD_LETTERED_COUNTER);
    long duplicates =
        ParseUserEvents.counterTotal(result, RemoveDuplicateEvents.DUPLICATES_COUNTER);
    assertThat(List.of(read, counted, deadLettered, duplicates)).containsExactly(32L, 25L, 5L, 2L);
    assertThat(read).isEqualTo(counted + deadLettered + duplicates);
  }

  /** A stream incarnation counts {@code users} (stamped at their event times) and closes. */
  @SafeVarargs
  private void streamCounts(org.apache.beam.sdk.values.TimestampedValue<PubsubMessage>... users) {
    TestStream<PubsubMessage> stream =
        TestStream.create(PubsubMessageWithAttributesCoder.of())
            .addElements(users[0], java.util.Arrays.copyOfRange(users, 1, users.length))
            .advanceWatermarkToInfinity();
    DemographicsPipeline.processAndWrite(
        streamRun.apply(stream),
        new PipelineConfig(
            ReadUserEvents.synthetic(1, 1, null),
            WindowSpec.fixed(
                Duration.standardMinutes(10),
                Duration.standardMinutes(5),
                Duration.standardSeconds(5)),
            new PipelineConfig.Sink(null, null, 0, null, warehouse),
            null,
            "stream-1"));
    streamRun.run().waitUntilFinish();
  }

  private DemographicsOptions options(BackfillFile file, String... runnerOptions) throws Exception {
    Path dir = folder.newFolder().toPath();
    file.writeTo(dir.resolve("users-1.jsonl"));
    List<String> args = new ArrayList<>(List.of(runnerOptions));
    args.addAll(
        List.of(
            "--source=files",
            "--inputFiles=" + dir.resolve("*.jsonl"),
            "--backfillStart=" + START,
            "--backfillEnd=" + END,
            "--windowSize=10m",
            "--sink=jdbc",
            "--jdbcUrl=" + jdbcUrl,
            "--jdbcUser=sa"));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .withValidation()
        .as(DemographicsOptions.class);
  }

  private static String line(ObjectNode record, String eventId, Instant eventTime) {
    return UserEventLine.of(
            UserEventMessages.toMessage(record, eventId, eventTime, EventSource.RANDOMUSER))
        .format();
  }

  private static String view(WarehouseView view) {
    return view.selectSql(UnaryOperator.identity());
  }

  /** The latest_window_summary view per window start, as {@link BackfillFile#expectedSummaries}. */
  private Map<Instant, String> latestSummaries() throws SQLException {
    Map<Instant, String> rows = new TreeMap<>();
    try (Connection connection = warehouse.connect();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT window_start, users, male, female, other_gender, avg_age,"
                    + " avg_registered_age FROM ("
                    + view(WarehouseViews.LATEST_WINDOW_SUMMARY)
                    + ") latest")) {
      while (result.next()) {
        rows.put(
            result.getObject(1, OffsetDateTime.class).toInstant(),
            String.join(
                "|",
                Long.toString(result.getLong(2)),
                Long.toString(result.getLong(3)),
                Long.toString(result.getLong(4)),
                Long.toString(result.getLong(5)),
                BackfillFile.twoDecimals(result.getDouble(6)),
                BackfillFile.twoDecimals(result.getDouble(7))));
      }
    }
    return rows;
  }

  private List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = warehouse.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(
            String.join(
                "|",
                result.getObject(1, OffsetDateTime.class).toInstant().toString(),
                result.getString(2),
                result.getString(3),
                Long.toString(result.getLong(4))));
      }
    }
    return rows;
  }
}
