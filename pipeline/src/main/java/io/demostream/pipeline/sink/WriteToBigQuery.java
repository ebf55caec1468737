package io.demostream.pipeline.sink;

import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.pipeline.parse.DeadLetter;
import io.demostream.pipeline.parse.DeadLetterCoder;
import java.time.Instant;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.DynamicDestinations;
import org.apache.beam.sdk.io.gcp.bigquery.TableDestination;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.ValueInSingleWindow;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes warehouse rows (every table, dead letters included) to {@code PROJECT:DATASET} with the
 * Storage Write API. Tables are created if needed from {@link WarehouseTables}: schema, day
 * partitioning on the partition column, clustering. Rows BigQuery rejects become {@code
 * dead_letter} rows in a second write; a dead-letter row rejected in turn is counted and logged,
 * since there is nowhere further to send it.
 */
public final class WriteToBigQuery extends PTransform<PCollection<WarehouseRow>, PDone> {

  private static final Logger LOG = LoggerFactory.getLogger(WriteToBigQuery.class);

  /**
   * Exactly-once streaming commits this often unless {@code
   * --storageWriteApiTriggeringFrequencySec}.
   */
  public static final Duration DEFAULT_TRIGGERING_FREQUENCY = Duration.standardSeconds(5);

  private final String dataset;
  private final WriteMode mode;
  private final int numStreams;
  private final @Nullable Integer triggeringFrequencySec;
  private final String incarnationId;
  private final @Nullable BigQueryServices testServices;

  /**
   * @param dataset {@code PROJECT:DATASET}
   * @param numStreams Storage Write API streams for exactly-once streaming; 0 for auto-sharding
   * @param triggeringFrequencySec commit interval for exactly-once streaming; null for the default
   * @param incarnationId the {@code job_id} of the dead letters made from rejected rows
   * @param testServices fake BigQuery services for tests; null in production
   */
  public WriteToBigQuery(
      String dataset,
      WriteMode mode,
      int numStreams,
      @Nullable Integer triggeringFrequencySec,
      String incarnationId,
      @Nullable BigQueryServices testServices) {
    this.dataset = dataset;
    this.mode = mode;
    this.numStreams = numStreams;
    this.triggeringFrequencySec = triggeringFrequencySec;
    this.incarnationId = incarnationId;
    this.testServices = testServices;
  }

  @Override
  public PDone expand(PCollection<WarehouseRow> rows) {
    WriteResult written =
        rows.apply("WriteWarehouseTables", write(rows, new RowDestinations(dataset)));
    PCollection<WarehouseRow> rejected =
        written
            .getFailedStorageApiInserts()
            .apply("RejectedRowsToDeadLetters", MapElements.via(new RejectedRowToDeadLetter()))
            .setCoder(DeadLetterCoder.of())
            .apply("DeadLetterRows", MapElements.via(new DeadLetterRows(incarnationId)))
            .setCoder(WarehouseRowCoder.of());
    WriteResult deadLetters =
        rejected.apply(
            "WriteRejectedRows",
            write(rejected, new FixedDestination(dataset, WarehouseTables.DEAD_LETTER)));
    deadLetters
        .getFailedStorageApiInserts()
        .apply("CountLostDeadLetters", ParDo.of(new CountLostDeadLetterFn()));
    return PDone.in(rows.getPipeline());
  }

  private BigQueryIO.Write<WarehouseRow> write(
      PCollection<WarehouseRow> rows, DynamicDestinations<WarehouseRow, String> destinations) {
    BigQueryIO.Write<WarehouseRow> write =
        BigQueryIO.<WarehouseRow>write()
            .to(destinations)
            .withFormatFunction(BigQuerySchemas::tableRow)
            .withMethod(mode.method())
            .withCreateDisposition(BigQueryIO.Write.CreateDisposition.CREATE_IF_NEEDED)
            .withWriteDisposition(BigQueryIO.Write.WriteDisposition.WRITE_APPEND);
    if (mode == WriteMode.EXACTLY_ONCE && rows.isBounded() == PCollection.IsBounded.UNBOUNDED) {
      write =
          write.withTriggeringFrequency(
              triggeringFrequencySec == null
                  ? DEFAULT_TRIGGERING_FREQUENCY
                  : Duration.standardSeconds(triggeringFrequencySec));
      write =
          numStreams > 0
              ? write.withNumStorageWriteApiStreams(numStreams)
              : write.withAutoSharding();
    }
    return testServices == null ? write : write.withTestServices(testServices);
  }

  /** Routes each row to its own table, created from the shared definition. */
  static class RowDestinations extends DynamicDestinations<WarehouseRow, String> {
    private final String dataset;

    RowDestinations(String dataset) {
      this.dataset = dataset;
    }

    @Override
    public String getDestination(@Nullable ValueInSingleWindow<WarehouseRow> element) {
      return element.getValue().table();
    }

    @Override
    public Coder<String> getDestinationCoder() {
      return StringUtf8Coder.of();
    }

    @Override
    public TableDestination getTable(String tableName) {
      WarehouseTable table = WarehouseTables.byName(tableName);
      return new TableDestination(
          dataset + "." + table.name(),
          table.description(),
          BigQuerySchemas.partitioning(table),
          BigQuerySchemas.clustering(table));
    }

    @Override
    public TableSchema getSchema(String tableName) {
      return BigQuerySchemas.tableSchema(WarehouseTables.byName(tableName));
    }
  }

  /** Every row to one table. */
  static final class FixedDestination extends RowDestinations {
    private final String tableName;

    FixedDestination(String dataset, WarehouseTable table) {
      super(dataset);
      this.tableName = table.name();
    }

    @Override
    public String getDestination(@Nullable ValueInSingleWindow<WarehouseRow> element) {
      return tableName;
    }
  }

  static final class RejectedRowToDeadLetter
      extends org.apache.beam.sdk.transforms.SimpleFunction<
          BigQueryStorageApiInsertError, DeadLetter> {
    @Override
    public DeadLetter apply(BigQueryStorageApiInsertError error) {
      TableRow row = error.getRow();
      String table = BigQuerySchemas.tableOf(row).map(WarehouseTable::name).orElse("unknown table");
      return new DeadLetter(
          Instant.now(),
          null,
          "bigquery." + table + ": REJECTED: " + error.getErrorMessage(),
          row == null ? null : rowJson(row),
          java.util.Map.of());
    }
  }

  /**
   * The rejected row as JSON. {@code TableRow.toString()} prints {@code GenericData{...}} unless a
   * JSON factory is attached, which rows built in the pipeline never have.
   */
  static String rowJson(TableRow row) {
    try {
      return com.google.api.client.json.gson.GsonFactory.getDefaultInstance().toString(row);
    } catch (java.io.IOException e) {
      return row.toString();
    }
  }

  static final class CountLostDeadLetterFn extends DoFn<BigQueryStorageApiInsertError, Void> {
    private final Counter lost = Metrics.counter("demographics", "dead_letters_rejected");

    @ProcessElement
    public void processElement(@Element BigQueryStorageApiInsertError error) {
      lost.inc();
      LOG.error("BigQuery rejected a dead_letter row; it is lost: {}", error.getErrorMessage());
    }
  }
}
