package io.demostream.pipeline.testing;

import static io.demostream.pipeline.testing.Warehouse.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.UserEventAttributes;
import io.demostream.events.UserEventMessage;
import io.demostream.events.UserEventMessages;
import io.demostream.events.warehouse.WarehouseViews;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The held-back users every runner's end-to-end test publishes, and the exact figures each runner
 * must write for them once drained: four users in two minutes of March 2026 (one redelivered with
 * the same {@code event_id}) and two malformed messages. One home, so the runners cannot drift.
 */
public final class HeldBackUsers {

  /** Dead letters the messages make. */
  public static final long DEAD_LETTERS = 2;

  /** Users of the fuller window. */
  public static final long USERS_OF_FIRST_WINDOW = 3;

  private HeldBackUsers() {}

  public static List<UserEventMessage> messages() {
    Instant t0 = TestUsers.T0;
    UserEventMessage first = TestUsers.message("u1", t0.plusSeconds(5), "male", 30, 2, "Norway");
    return List.of(
        // The first minute: two men and a woman, plus u1 published a second time.
        first,
        TestUsers.message("u2", t0.plusSeconds(15), "female", 40, 4, "Norway"),
        TestUsers.message("u3", t0.plusSeconds(45), "male", 50, 6, "Spain"),
        first,
        // The second minute: one user of unknown gender.
        TestUsers.message("u4", t0.plusSeconds(70), "", 25, 1, "Spain"),
        // Malformed: not JSON, and a record without its ages and country.
        malformed("bad1", t0.plusSeconds(20), "{not json"),
        malformed("bad2", t0.plusSeconds(25), "{\"gender\":\"male\"}"));
  }

  /** Whether the running pipeline has written every dead letter and the fuller window. */
  public static boolean allSeen(EmulatorRun run) {
    return run.count("SELECT COUNT(*) FROM dead_letter") == DEAD_LETTERS
        && run.count("SELECT COALESCE(MAX(users), 0) FROM window_summary") == USERS_OF_FIRST_WINDOW;
  }

  /** The exact aggregates and dead letters of the drained run. */
  public static void assertExactFigures(EmulatorRun run) {
    assertThat(
            run.latest(
                WarehouseViews.LATEST_WINDOW_SUMMARY,
                "window_start, pane_timing, users, male, female, other_gender, avg_age,"
                    + " avg_registered_age",
                "window_start"))
        .containsExactly(
            "2026-03-01 10:00:00+00|ON_TIME|3|2|1|0|40.0|4.0",
            "2026-03-01 10:01:00+00|ON_TIME|1|0|0|1|25.0|1.0");
    assertThat(
            run.latest(
                WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER,
                "window_start, country, gender, users, avg_age",
                "window_start, country, gender"))
        .containsExactly(
            "2026-03-01 10:00:00+00|Norway|female|1|40.0",
            "2026-03-01 10:00:00+00|Norway|male|1|30.0",
            "2026-03-01 10:00:00+00|Spain|male|1|50.0",
            "2026-03-01 10:01:00+00|Spain|other|1|25.0");
    assertThat(
            run.latest(
                WarehouseViews.LATEST_WINDOW_BY_AGE_BAND,
                "window_start, age_band, users",
                "window_start, age_band"))
        .containsExactly(
            "2026-03-01 10:00:00+00|25-34|1",
            "2026-03-01 10:00:00+00|35-44|1",
            "2026-03-01 10:00:00+00|45-54|1",
            "2026-03-01 10:01:00+00|25-34|1");
    assertThat(query(run.warehouse(), "SELECT error FROM dead_letter ORDER BY error"))
        .hasSize(2)
        .anySatisfy(error -> assertThat(error).startsWith("data: INVALID_JSON"))
        .anySatisfy(error -> assertThat(error).contains("dob").contains("MISSING"));
  }

  /** A message with valid attributes and {@code data} as its payload. */
  public static UserEventMessage malformed(String eventId, Instant eventTime, String data) {
    return new UserEventMessage(
        data.getBytes(StandardCharsets.UTF_8),
        Map.of(
            UserEventAttributes.EVENT_ID,
            eventId,
            UserEventAttributes.EVENT_TIME,
            UserEventMessages.EVENT_TIME_FORMAT.format(eventTime),
            UserEventAttributes.SCHEMA_VERSION,
            UserEventAttributes.CURRENT_SCHEMA_VERSION));
  }
}
