package io.demostream.pipeline.testing;

import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.pipeline.sink.WarehouseRow;
import java.time.Instant;
import org.apache.beam.sdk.transforms.SimpleFunction;

/** Expected warehouse rows as text without {@code emitted_at}, the one value a test cannot know. */
public final class Rows {

  /** The incarnation id the tests' pipelines write. */
  public static final String JOB_ID = "test-incarnation";

  private Rows() {}

  /** Maps a row to {@link WarehouseRow#describeWithout} {@code emitted_at}. */
  public static final class Describe extends SimpleFunction<WarehouseRow, String> {
    @Override
    public String apply(WarehouseRow row) {
      return row.describeWithout(WarehouseTables.EMITTED_AT);
    }
  }

  private static WarehouseRow.Builder pane(
      io.demostream.events.warehouse.WarehouseTable table,
      int startSec,
      int endSec,
      String timing,
      long index) {
    return WarehouseRow.builder(table)
        .set(WarehouseTables.WINDOW_START, TestUsers.T0.plusSeconds(startSec))
        .set(WarehouseTables.WINDOW_END, TestUsers.T0.plusSeconds(endSec))
        .set(WarehouseTables.PANE_TIMING, timing)
        .set(WarehouseTables.PANE_INDEX, index)
        .set(WarehouseTables.EMITTED_AT, Instant.EPOCH)
        .set(WarehouseTables.JOB_ID, JOB_ID);
  }

  public static String summary(
      int startSec,
      int endSec,
      String timing,
      long index,
      long users,
      long male,
      long female,
      long other,
      double avgAge,
      double avgRegisteredAge) {
    return pane(WarehouseTables.WINDOW_SUMMARY, startSec, endSec, timing, index)
        .set("users", users)
        .set("male", male)
        .set("female", female)
        .set("other_gender", other)
        .set("avg_age", avgAge)
        .set("avg_registered_age", avgRegisteredAge)
        .build()
        .describeWithout(WarehouseTables.EMITTED_AT);
  }

  public static String countryGender(
      int startSec,
      int endSec,
      String timing,
      long index,
      String country,
      String gender,
      long users,
      double avgAge,
      double avgRegisteredAge) {
    return pane(WarehouseTables.WINDOW_BY_COUNTRY_GENDER, startSec, endSec, timing, index)
        .set("country", country)
        .set("gender", gender)
        .set("users", users)
        .set("avg_age", avgAge)
        .set("avg_registered_age", avgRegisteredAge)
        .build()
        .describeWithout(WarehouseTables.EMITTED_AT);
  }

  public static String ageBand(
      int startSec, int endSec, String timing, long index, String band, long users) {
    return pane(WarehouseTables.WINDOW_BY_AGE_BAND, startSec, endSec, timing, index)
        .set("age_band", band)
        .set("users", users)
        .build()
        .describeWithout(WarehouseTables.EMITTED_AT);
  }
}
