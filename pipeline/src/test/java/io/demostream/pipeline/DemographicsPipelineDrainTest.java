package io.demostream.pipeline;

import static io.demostream.pipeline.testing.Warehouse.count;
import static io.demostream.pipeline.testing.Warehouse.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demostream.events.warehouse.WarehouseViews;
import io.demostream.pipeline.parse.ParseUserEvents;
import io.demostream.pipeline.sink.JdbcWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The local drain with the synthetic source on the DirectRunner, through {@link
 * DemographicsPipeline#run}: the pipeline runs unbounded until the signal file appears, then
 * flushes every open window with its on-time pane and finishes.
 */
@RunWith(JUnit4.class)
public class DemographicsPipelineDrainTest {

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void drainSignalFlushesOpenWindowsAndFinishes() throws Exception {
    Path drain = folder.getRoot().toPath().resolve("drain");
    String url = "jdbc:h2:file:" + folder.getRoot() + "/warehouse;AUTO_SERVER=TRUE";
    DemographicsOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--source=synthetic",
                "--eventsPerSecond=200",
                "--seed=11",
                "--windowSize=1s",
                "--earlyFiringInterval=500ms",
                "--sink=jdbc",
                "--jdbcUrl=" + url,
                "--drainSignalFile=" + drain)
            .withValidation()
            .as(DemographicsOptions.class);
    JdbcWarehouse warehouse = new JdbcWarehouse(url, "", "");

    PipelineResult result = DemographicsPipeline.run(options);
    try {
      // The stream is running: panes of a few windows arrive in the warehouse.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  count(warehouse, "SELECT COUNT(DISTINCT window_start) FROM window_summary") >= 3);
      Files.createFile(drain);
      assertThat(result.waitUntilFinish(org.joda.time.Duration.standardSeconds(60)))
          .isEqualTo(PipelineResult.State.DONE);
    } finally {
      if (result.getState() != PipelineResult.State.DONE) {
        result.cancel();
      }
    }

    // Every window has its final on-time pane, the last open ones included.
    assertThat(
            count(
                warehouse,
                "SELECT COUNT(DISTINCT window_start) FROM window_summary w WHERE NOT EXISTS"
                    + " (SELECT 1 FROM window_summary o WHERE o.window_start = w.window_start"
                    + " AND o.pane_timing = 'ON_TIME')"))
        .isZero();
    // The latest panes together count each parsed user exactly once.
    long latestUsers =
        count(
            warehouse,
            "SELECT SUM(users) FROM ("
                + WarehouseViews.LATEST_WINDOW_SUMMARY.selectSql(UnaryOperator.identity())
                + ") latest");
    assertThat(latestUsers).isEqualTo(parsedUsers(result)).isPositive();
    assertThat(query(warehouse, "SELECT COUNT(*) FROM dead_letter")).containsExactly("0");
  }

  private static long parsedUsers(PipelineResult result) {
    return ParseUserEvents.counterTotal(result, ParseUserEvents.PARSED_COUNTER);
  }
}
