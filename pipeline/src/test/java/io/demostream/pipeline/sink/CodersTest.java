package io.demostream.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demostream.events.AgeBand;
import io.demostream.events.AnalyticUser;
import io.demostream.events.Gender;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.pipeline.parse.AnalyticUserCoder;
import io.demostream.pipeline.parse.DeadLetter;
import io.demostream.pipeline.parse.DeadLetterCoder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Round trips of the pipeline's own coders and the row builder's checks. */
@RunWith(JUnit4.class)
public class CodersTest {

  @Test
  public void analyticUserRoundTripsWithNanosAndNulls() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        AnalyticUserCoder.of(),
        new AnalyticUser(
            "id",
            Instant.parse("2026-03-01T10:00:05.123456789Z"),
            Gender.OTHER,
            17,
            0,
            "Türkiye",
            null,
            null,
            AgeBand.UNDER_18));
    CoderProperties.coderDecodeEncodeEqual(
        AnalyticUserCoder.of(),
        new AnalyticUser(
            "id2", Instant.EPOCH, Gender.MALE, 80, 21, "Spain", "Madrid", "ES", AgeBand.FROM_65));
  }

  @Test
  public void deadLetterRoundTripsWithAndWithoutEventTime() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        DeadLetterCoder.of(),
        new DeadLetter(
            Instant.ofEpochMilli(1_700_000_000_123L),
            Instant.ofEpochMilli(1_700_000_000_000L),
            "data: INVALID_JSON: x",
            "{not json",
            Map.of("event_id", "a", "event_time", "t")));
    CoderProperties.coderDecodeEncodeEqual(
        DeadLetterCoder.of(), new DeadLetter(Instant.ofEpochMilli(5), null, "e", null, Map.of()));
  }

  @Test
  public void warehouseRowRoundTripsForEveryTable() throws Exception {
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    List<WarehouseRow> rows =
        List.of(
            pane(WarehouseTables.WINDOW_SUMMARY, t)
                .set("users", 3L)
                .set("male", 1L)
                .set("female", 1L)
                .set("other_gender", 1L)
                .set("avg_age", 33.5)
                .set("avg_registered_age", 2.25)
                .build(),
            pane(WarehouseTables.WINDOW_BY_COUNTRY_GENDER, t)
                .set("country", "Norway")
                .set("gender", "female")
                .set("users", 2L)
                .set("avg_age", 41.5)
                .set("avg_registered_age", 7.0)
                .build(),
            pane(WarehouseTables.WINDOW_BY_AGE_BAND, t)
                .set("age_band", "65+")
                .set("users", 1L)
                .set("job_id", null) // a row without an incarnation round-trips too
                .build(),
            WarehouseRow.builder(WarehouseTables.DEAD_LETTER)
                .set("received_at", t)
                .set("event_time", t.minusSeconds(5))
                .set("error", "x")
                .set("payload", "{not json")
                .set("attributes", "{}")
                .set("job_id", "run-1")
                .build(),
            WarehouseRow.builder(WarehouseTables.DEAD_LETTER)
                .set("received_at", t)
                .set("error", "x")
                .build());
    assertThat(rows.stream().map(WarehouseRow::table).distinct())
        .containsExactlyInAnyOrderElementsOf(
            WarehouseTables.ALL.stream().map(table -> table.name()).toList());
    for (WarehouseRow row : rows) {
      CoderProperties.coderDecodeEncodeEqual(WarehouseRowCoder.of(), row);
    }
  }

  private static WarehouseRow.Builder pane(
      io.demostream.events.warehouse.WarehouseTable table, Instant t) {
    return WarehouseRow.builder(table)
        .set("window_start", t)
        .set("window_end", t.plusSeconds(60))
        .set("pane_timing", "LATE")
        .set("pane_index", 2L)
        .set("emitted_at", t.plusMillis(1))
        .set("job_id", "run-1");
  }

  @Test
  public void rowBuilderRejectsUnknownColumnsWrongTypesAndMissingRequiredValues() {
    assertThatThrownBy(
            () -> WarehouseRow.builder(WarehouseTables.WINDOW_BY_AGE_BAND).set("age", 3L))
        .hasMessageContaining("window_by_age_band has no column age");
    assertThatThrownBy(
            () -> WarehouseRow.builder(WarehouseTables.WINDOW_BY_AGE_BAND).set("users", "three"))
        .hasMessageContaining("expects Long");
    assertThatThrownBy(
            () -> WarehouseRow.builder(WarehouseTables.WINDOW_BY_AGE_BAND).set("users", 3L).build())
        .hasMessageContaining("window_by_age_band.window_start is required");
    assertThat(
            WarehouseRow.builder(WarehouseTables.DEAD_LETTER)
                .set("received_at", Instant.EPOCH)
                .set("error", "x")
                .build()
                .values()
                .keySet())
        .containsExactlyElementsOf(WarehouseTables.DEAD_LETTER.columnNames());
  }
}
