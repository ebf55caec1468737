package io.demostream.pipeline.sink;

import static io.demostream.pipeline.testing.TestUsers.at;
import static io.demostream.pipeline.testing.TestUsers.jodaAt;
import static io.demostream.pipeline.testing.TestUsers.malformedAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.pipeline.DemographicsPipeline;
import io.demostream.pipeline.PipelineConfig;
import io.demostream.pipeline.source.ReadUserEvents;
import io.demostream.pipeline.testing.Warehouse;
import io.demostream.pipeline.window.WindowSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

/** The JDBC sink into an embedded H2 database, fed by the whole pipeline after the read. */
@RunWith(JUnit4.class)
public class WriteToJdbcTest {

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private JdbcWarehouse warehouse;

  @Before
  public void createWarehouse() {
    warehouse =
        new JdbcWarehouse("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    warehouse.createTablesIfAbsent();
  }

  @Test
  public void createTablesIfAbsentIsIdempotentAndUsesTheSharedDefinition() throws SQLException {
    warehouse.createTablesIfAbsent();
    for (var table : WarehouseTables.ALL) {
      List<String> columns = new ArrayList<>();
      try (Connection connection = warehouse.connect();
          ResultSet result =
              connection.getMetaData().getColumns(null, null, table.name().toUpperCase(), null)) {
        while (result.next()) {
          columns.add(result.getString("COLUMN_NAME").toLowerCase());
        }
      }
      assertThat(columns).containsExactlyElementsOf(table.columnNames());
    }
  }

  @Test
  public void createTablesAddsJobIdToTablesOfAnOlderDefinitionInPlace() throws SQLException {
    JdbcWarehouse older =
        new JdbcWarehouse("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    try (Connection connection = older.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE window_by_age_band (window_start TIMESTAMP WITH TIME ZONE NOT NULL,"
              + " window_end TIMESTAMP WITH TIME ZONE NOT NULL, pane_timing VARCHAR NOT NULL,"
              + " pane_index BIGINT NOT NULL, emitted_at TIMESTAMP WITH TIME ZONE NOT NULL,"
              + " age_band VARCHAR NOT NULL, users BIGINT NOT NULL)");
      statement.execute(
          "INSERT INTO window_by_age_band VALUES (TIMESTAMP WITH TIME ZONE"
              + " '2026-03-01 10:00:00+00', TIMESTAMP WITH TIME ZONE '2026-03-01 10:01:00+00',"
              + " 'ON_TIME', 0, TIMESTAMP WITH TIME ZONE '2026-03-01 10:01:00+00', '65+', 4)");
    }

    older.createTablesIfAbsent();

    assertThat(Warehouse.query(older, "SELECT users, job_id FROM window_by_age_band"))
        .containsExactly("4|null");
  }

  @Test
  public void everyPaneAndDeadLetterLandsInItsTable() throws SQLException {
    TestStream<PubsubMessage> events =
        TestStream.create(PubsubMessageWithAttributesCoder.of())
            // Two users and a malformed message in the first minute; then an early pane.
            .addElements(
                at(5, "u1", "male", 30, 2, "Norway"),
                at(20, "u2", "female", 40, 4, "Norway"),
                malformedAt(25, "bad"))
            .advanceProcessingTime(Duration.standardSeconds(11))
            // The watermark passes the end of the minute, then the stream ends.
            .advanceWatermarkTo(jodaAt(61))
            .advanceWatermarkToInfinity();
    PipelineConfig config =
        new PipelineConfig(
            ReadUserEvents.synthetic(1, 1, null),
            WindowSpec.fixed(
                Duration.standardMinutes(1),
                Duration.standardMinutes(1),
                Duration.standardSeconds(10)),
            new PipelineConfig.Sink(null, null, 0, null, warehouse),
            null,
            "run-1");
    DemographicsPipeline.processAndWrite(pipeline.apply(events), config);
    pipeline.run().waitUntilFinish();

    assertThat(
            query(
                "SELECT pane_timing, pane_index, users, male, female, other_gender, avg_age,"
                    + " avg_registered_age, job_id FROM window_summary ORDER BY pane_index"))
        .containsExactly("EARLY|0|2|1|1|0|35.0|3.0|run-1", "ON_TIME|1|2|1|1|0|35.0|3.0|run-1");
    assertThat(
            query(
                "SELECT country, gender, users, avg_age FROM window_by_country_gender"
                    + " WHERE pane_timing = 'ON_TIME' ORDER BY gender"))
        .containsExactly("Norway|female|1|40.0", "Norway|male|1|30.0");
    assertThat(
            query(
                "SELECT age_band, users FROM window_by_age_band WHERE pane_timing = 'ON_TIME'"
                    + " ORDER BY age_band"))
        .containsExactly("25-34|1", "35-44|1");
    assertThat(query("SELECT window_start, window_end FROM window_summary WHERE pane_index = 1"))
        .containsExactly("2026-03-01 10:00:00+00|2026-03-01 10:01:00+00");
    assertThat(query("SELECT DISTINCT job_id FROM window_by_country_gender"))
        .containsExactly("run-1");
    assertThat(query("SELECT DISTINCT job_id FROM window_by_age_band")).containsExactly("run-1");
    assertThat(query("SELECT job_id FROM dead_letter")).containsExactly("run-1");
    List<String> deadLetters =
        query("SELECT error, payload, attributes, event_time FROM dead_letter");
    assertThat(deadLetters)
        .singleElement()
        .asString()
        .startsWith("data: INVALID_JSON")
        .contains("|{not json|")
        .contains("\"event_id\":\"bad\"")
        .endsWith("2026-03-01 10:00:25+00");
  }

  private List<String> query(String sql) {
    return Warehouse.query(warehouse, sql);
  }
}
