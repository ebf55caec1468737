package io.demostream.pipeline;

import static io.demostream.pipeline.testing.TestUsers.at;
import static io.demostream.pipeline.testing.TestUsers.jodaAt;
import static io.demostream.pipeline.testing.TestUsers.malformedAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import io.demostream.pipeline.sink.JdbcWarehouse;
import io.demostream.pipeline.source.ReadUserEvents;
import io.demostream.pipeline.testing.Warehouse;
import io.demostream.pipeline.window.WindowSpec;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.joda.time.Duration;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Two consecutive pipeline runs (two incarnations, as two runs of the control-service start them)
 * count users of the same window into one JDBC warehouse. Each numbers its panes from 0; the views
 * must add them up, so that published = counted + dead-lettered holds for the window and for each
 * run. Under the old model (one latest pane per window) the second run's panes replaced the
 * first's.
 */
@RunWith(JUnit4.class)
public class DemographicsPipelineIncarnationsTest {

  @Rule public final transient TestPipeline firstRun = TestPipeline.create();
  @Rule public final transient TestPipeline secondRun = TestPipeline.create();

  private JdbcWarehouse warehouse;

  @Before
  public void createWarehouse() {
    warehouse =
        new JdbcWarehouse("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    warehouse.createIfAbsent();
  }

  private PipelineConfig config(String incarnationId) {
    return new PipelineConfig(
        ReadUserEvents.synthetic(1, 1, null),
        WindowSpec.fixed(
            Duration.standardMinutes(10), Duration.standardMinutes(5), Duration.standardSeconds(5)),
        new PipelineConfig.Sink(null, null, 0, null, warehouse),
        null,
        incarnationId);
  }

  @Test
  public void twoConsecutiveRunsIntoOneWindowAddUpInTheViews() {
    // Run 1 publishes three users into the 10:00 window; an early pane, then the window closes.
    TestStream<PubsubMessage> first =
        TestStream.create(PubsubMessageWithAttributesCoder.of())
            .addElements(
                at(5, "u1", "male", 30, 2, "Norway"),
                at(20, "u2", "female", 40, 4, "Norway"),
                at(100, "u3", "male", 50, 6, "Spain"))
            .advanceProcessingTime(Duration.standardSeconds(6))
            .advanceWatermarkToInfinity();
    DemographicsPipeline.processAndWrite(firstRun.apply(first), config("run-1"));
    firstRun.run().waitUntilFinish();

    // Run 2, a fresh pipeline, publishes two more users and a malformed message into the same
    // window: an early pane with one user, then a second early pane, then the on-time pane.
    TestStream<PubsubMessage> second =
        TestStream.create(PubsubMessageWithAttributesCoder.of())
            .addElements(at(200, "u4", "female", 20, 1, "Spain"))
            .advanceProcessingTime(Duration.standardSeconds(6))
            .addElements(at(300, "u5", "", 60, 9, "Norway"), malformedAt(310, "bad"))
            .advanceProcessingTime(Duration.standardSeconds(6))
            .advanceWatermarkTo(jodaAt(600))
            .advanceWatermarkToInfinity();
    DemographicsPipeline.processAndWrite(secondRun.apply(second), config("run-2"));
    secondRun.run().waitUntilFinish();

    // Both runs started their panes at 0: without job_id their panes would collide.
    assertThat(query("SELECT job_id, MAX(pane_index) FROM window_summary GROUP BY job_id"))
        .containsExactlyInAnyOrder("run-1|1", "run-2|2");
    assertThat(
            latest(
                WarehouseViews.LATEST_WINDOW_SUMMARY,
                "users, male, female, other_gender, avg_age, avg_registered_age, pane_timing,"
                    + " incarnations"))
        .containsExactly("5|2|2|1|40.0|4.4|ON_TIME|2");
    assertThat(latest(WarehouseViews.LATEST_WINDOW_BY_COUNTRY_GENDER, "country, gender, users"))
        .containsExactly(
            "Norway|female|1", "Norway|male|1", "Norway|other|1", "Spain|female|1", "Spain|male|1");
    assertThat(latest(WarehouseViews.LATEST_WINDOW_BY_AGE_BAND, "age_band, users"))
        .containsExactly("18-24|1", "25-34|1", "35-44|1", "45-54|1", "55-64|1");

    // Per run: published = counted (latest pane of each window) + dead-lettered.
    assertThat(countedUsers("run-1")).isEqualTo(3);
    assertThat(deadLetters("run-1")).isZero();
    assertThat(countedUsers("run-2")).isEqualTo(2);
    assertThat(deadLetters("run-2")).isEqualTo(1);
  }

  private long countedUsers(String jobId) {
    return Warehouse.count(
        warehouse,
        "SELECT COALESCE(SUM(users), 0) FROM (SELECT users, ROW_NUMBER() OVER (PARTITION BY"
            + " window_start, window_end ORDER BY pane_index DESC) AS pane_rank FROM"
            + " window_summary WHERE job_id = '"
            + jobId
            + "') ranked WHERE pane_rank = 1");
  }

  private long deadLetters(String jobId) {
    return Warehouse.count(
        warehouse, "SELECT COUNT(*) FROM dead_letter WHERE job_id = '" + jobId + "'");
  }

  private List<String> latest(WarehouseView view, String columns) {
    return query(
        "SELECT "
            + columns
            + " FROM ("
            + view.selectSql(UnaryOperator.identity())
            + ") latest ORDER BY "
            + columns);
  }

  private List<String> query(String sql) {
    return Warehouse.query(warehouse, sql);
  }
}
