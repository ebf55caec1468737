package io.demostream.pipeline.aggregate;

import static io.demostream.pipeline.testing.Rows.ageBand;
import static io.demostream.pipeline.testing.TestUsers.jodaAt;

import io.demostream.pipeline.sink.WarehouseRowCoder;
import io.demostream.pipeline.testing.Rows;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Fired panes become rows, except a pane without users, which carries nothing; a pane without a
 * firing (UNKNOWN timing) is the window's only, on-time pane.
 */
@RunWith(JUnit4.class)
public class PaneRowFnTest {

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void aPaneWithoutUsersWritesNoRow() {
    PCollection<String> rows =
        pipeline
            .apply(
                Create.timestamped(
                        TimestampedValue.of(KV.of("30-39", new CountAccumulator(3)), jodaAt(5)),
                        TimestampedValue.of(KV.of("40-49", new CountAccumulator(0)), jodaAt(5)))
                    .withCoder(KvCoder.of(StringUtf8Coder.of(), CountAccumulator.Coder.of())))
            .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))))
            .apply(ParDo.of(new AggregateDemographics.AgeBandRowFn(Rows.JOB_ID)))
            .setCoder(WarehouseRowCoder.of())
            .apply(MapElements.via(new Rows.Describe()));
    // Elements that never went through a trigger have no firing (timing UNKNOWN, index 0), as
    // Flink's batch translation fires a backfill's windows: written as the on-time pane.
    PAssert.that(rows).containsInAnyOrder(ageBand(0, 60, "ON_TIME", 0, "30-39", 3));
    pipeline.run();
  }
}
