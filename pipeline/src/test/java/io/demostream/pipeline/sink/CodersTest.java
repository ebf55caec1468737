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
    CoderProperties.coderDecodeEncodeEqual(
        WarehouseRowCoder.of(),
        WarehouseRow.builder(WarehouseTables.WINDOW_SUMMARY)
            .set("window_start", t)
            .set("window_end", t.plusSeconds(60))
            .set("pane_timing", "EARLY")
            .set("pane_index", 0L)
            .set("emitted_at", t.plusMillis(1))
            .set("users", 3L)
            .set("male", 1L)
            .set("female", 1L)
            .set("other_gender", 1L)
            .set("avg_age", 33.5)
            .set("avg_registered_age", 2.25)
            .build());
    CoderProperties.coderDecodeEncodeEqual(
        WarehouseRowCoder.of(),
        WarehouseRow.builder(WarehouseTables.DEAD_LETTER)
            .set("received_at", t)
            .set("error", "x")
            .build());
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
