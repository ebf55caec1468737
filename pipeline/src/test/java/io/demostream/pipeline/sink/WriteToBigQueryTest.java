package io.demostream.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The BigQuery sink through Beam's fake BigQuery services, which in 2.70 implement the Storage
 * Write API streams (create, append, flush, finalize, commit) in memory: tables created from the
 * shared definition with partitioning and clustering, rows landing in both modes, and rejected rows
 * routed to {@code dead_letter}, for bounded input and for a test stream (the streaming path with
 * triggering frequency and fixed streams).
 */
@RunWith(JUnit4.class)
public class WriteToBigQueryTest {

  private static final String PROJECT = "demo-project";

  /**
   * A fresh dataset per test: BigQueryIO remembers created tables JVM-wide, while the fakes forget
   * them at {@link FakeDatasetService#setUp()}.
   */
  private final String dataset =
      "demostream_" + java.util.UUID.randomUUID().toString().replace("-", "");

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private FakeDatasetService datasets;
  private FakeBigQueryServices services;

  @Before
  public void setUpFakes() throws Exception {
    FakeDatasetService.setUp();
    datasets = new FakeDatasetService();
    datasets.createDataset(PROJECT, dataset, "", "", null);
    services =
        new FakeBigQueryServices()
            .withDatasetService(datasets)
            .withJobService(new FakeJobService());
    pipeline.getOptions().as(GcpOptions.class).setProject(PROJECT);
  }

  private static WarehouseRow.Builder pane(WarehouseTable table) {
    return WarehouseRow.builder(table)
        .set("window_start", START)
        .set("window_end", START.plusSeconds(60))
        .set("pane_timing", "ON_TIME")
        .set("pane_index", 0L)
        .set("emitted_at", START.plusSeconds(61))
        .set("job_id", "run-1");
  }

  private static List<WarehouseRow> rows() {
    return List.of(
        pane(WarehouseTables.WINDOW_SUMMARY)
            .set("users", 3L)
            .set("male", 2L)
            .set("female", 1L)
            .set("other_gender", 0L)
            .set("avg_age", 30.0)
            .set("avg_registered_age", 4.0)
            .build(),
        pane(WarehouseTables.WINDOW_BY_COUNTRY_GENDER)
            .set("country", "Norway")
            .set("gender", "male")
            .set("users", 2L)
            .set("avg_age", 35.0)
            .set("avg_registered_age", 3.0)
            .build(),
        pane(WarehouseTables.WINDOW_BY_COUNTRY_GENDER)
            .set("country", "Atlantis")
            .set("gender", "female")
            .set("users", 1L)
            .set("avg_age", 20.0)
            .set("avg_registered_age", 6.0)
            .build(),
        pane(WarehouseTables.WINDOW_BY_AGE_BAND).set("age_band", "25-34").set("users", 1L).build(),
        WarehouseRow.builder(WarehouseTables.DEAD_LETTER)
            .set("received_at", START)
            .set("error", "data: INVALID_JSON: bad")
            .set("payload", "{not json")
            .set("attributes", "{\"event_id\":\"bad\"}")
            .set("job_id", "run-1")
            .build());
  }

  private void write(WriteMode mode) {
    // BigQuery rejects the Atlantis row, as it would a row violating the table.
    datasets.setShouldFailRow(
        (Function<TableRow, Boolean> & Serializable) row -> "Atlantis".equals(row.get("country")));
    pipeline
        .apply(Create.of(rows()).withCoder(WarehouseRowCoder.of()))
        .apply(new WriteToBigQuery(PROJECT + ":" + dataset, mode, 0, null, "run-1", services));
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void unboundedRowsTakeTheStreamingExactlyOncePath() throws Exception {
    // An unbounded input needs a triggering frequency and streams: here 2 s and 2 streams.
    TestStream.Builder<WarehouseRow> stream = TestStream.create(WarehouseRowCoder.of());
    for (WarehouseRow row : rows()) {
      stream = stream.addElements(row);
    }
    pipeline
        .apply(
            stream
                .advanceProcessingTime(org.joda.time.Duration.standardSeconds(3))
                .advanceWatermarkToInfinity())
        .apply(
            new WriteToBigQuery(
                PROJECT + ":" + dataset, WriteMode.EXACTLY_ONCE, 2, 2, "run-1", services));
    pipeline.run().waitUntilFinish();

    assertThat(rowsOf(WarehouseTables.WINDOW_SUMMARY)).hasSize(1);
    assertThat(rowsOf(WarehouseTables.WINDOW_BY_COUNTRY_GENDER)).hasSize(2);
    assertThat(rowsOf(WarehouseTables.DEAD_LETTER)).hasSize(1);
  }

  private List<TableRow> rowsOf(WarehouseTable table) throws Exception {
    return datasets.getAllRows(PROJECT, dataset, table.name());
  }

  @Test
  public void rowsLandInTheirTablesExactlyOnce() throws Exception {
    write(WriteMode.EXACTLY_ONCE);

    assertThat(rowsOf(WarehouseTables.WINDOW_SUMMARY))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get("users").toString()).isEqualTo("3");
              assertThat(row.get("other_gender").toString()).isEqualTo("0");
              assertThat(Double.parseDouble(row.get("avg_age").toString())).isEqualTo(30.0);
              assertThat(row.get("pane_timing")).isEqualTo("ON_TIME");
              assertThat(row.get("job_id")).isEqualTo("run-1");
            });
    assertThat(rowsOf(WarehouseTables.WINDOW_BY_COUNTRY_GENDER))
        .extracting(row -> row.get("country"))
        .containsExactly("Norway");
    assertThat(rowsOf(WarehouseTables.WINDOW_BY_AGE_BAND))
        .extracting(row -> row.get("age_band"))
        .containsExactly("25-34");
  }

  @Test
  public void rejectedRowsAndDeadLettersReachTheDeadLetterTable() throws Exception {
    write(WriteMode.AT_LEAST_ONCE);

    List<TableRow> deadLetters = rowsOf(WarehouseTables.DEAD_LETTER);
    assertThat(deadLetters).hasSize(2);
    assertThat(deadLetters)
        .extracting(row -> row.get("error").toString())
        .anySatisfy(error -> assertThat(error).startsWith("data: INVALID_JSON"))
        .anySatisfy(
            error -> assertThat(error).startsWith("bigquery.window_by_country_gender: REJECTED"));
    // The dead letter made from the rejected row belongs to the incarnation that wrote it.
    assertThat(deadLetters)
        .extracting(row -> String.valueOf(row.get("job_id")))
        .containsOnly("run-1");
    assertThat(deadLetters)
        .extracting(row -> String.valueOf(row.get("payload")))
        .anySatisfy(payload -> assertThat(payload).contains("Atlantis"));
    // The rejected row's payload is the row as JSON, not TableRow's GenericData{...} form.
    String rejected =
        deadLetters.stream()
            .map(row -> String.valueOf(row.get("payload")))
            .filter(payload -> payload.contains("Atlantis"))
            .findFirst()
            .orElseThrow();
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(rejected);
    assertThat(json.isObject()).as(rejected).isTrue();
    assertThat(json.toString()).contains("\"Atlantis\"");
  }

  @Test
  public void tablesAreCreatedFromTheSharedDefinitionPartitionedAndClustered() throws Exception {
    write(WriteMode.EXACTLY_ONCE);

    for (WarehouseTable definition : WarehouseTables.ALL) {
      Table table =
          datasets.getTable(
              new TableReference()
                  .setProjectId(PROJECT)
                  .setDatasetId(dataset)
                  .setTableId(definition.name()));
      assertThat(table).as(definition.name()).isNotNull();
      assertThat(table.getSchema().getFields())
          .extracting(TableFieldSchema::getName)
          .containsExactlyElementsOf(definition.columnNames());
      assertThat(table.getSchema().getFields())
          .extracting(TableFieldSchema::getType)
          .containsExactlyElementsOf(
              definition.columns().stream().map(c -> c.type().bigQueryType()).toList());
      assertThat(table.getSchema().getFields())
          .extracting(TableFieldSchema::getMode)
          .containsExactlyElementsOf(
              definition.columns().stream()
                  .map(c -> c.required() ? "REQUIRED" : "NULLABLE")
                  .toList());
      assertThat(table.getTimePartitioning().getType()).isEqualTo("DAY");
      assertThat(table.getTimePartitioning().getField()).isEqualTo(definition.partitionColumn());
      if (definition.clusterColumns().isEmpty()) {
        assertThat(table.getClustering()).isNull();
      } else {
        assertThat(table.getClustering().getFields())
            .containsExactlyElementsOf(definition.clusterColumns());
      }
    }
  }
}
