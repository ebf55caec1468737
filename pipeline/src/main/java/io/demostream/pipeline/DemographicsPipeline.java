package io.demostream.pipeline;

import io.demostream.events.AnalyticUser;
import io.demostream.pipeline.aggregate.AggregateDemographics;
import io.demostream.pipeline.aggregate.ToWindowPanes;
import io.demostream.pipeline.backfill.BackfillOverlap;
import io.demostream.pipeline.backfill.ReadUserEventFiles;
import io.demostream.pipeline.flink.FlinkSettings;
import io.demostream.pipeline.parse.DeadLetter;
import io.demostream.pipeline.parse.ParseUserEvents;
import io.demostream.pipeline.sink.BigQueryWarehouse;
import io.demostream.pipeline.sink.DeadLetterRows;
import io.demostream.pipeline.sink.WarehouseRow;
import io.demostream.pipeline.sink.WarehouseRowCoder;
import io.demostream.pipeline.sink.WriteToBigQuery;
import io.demostream.pipeline.sink.WriteToJdbc;
import io.demostream.pipeline.source.AssignEventTimes;
import io.demostream.pipeline.source.EventTimePolicy;
import io.demostream.pipeline.source.ReadUserEvents;
import io.demostream.pipeline.window.WindowUserEvents;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServicesImpl;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real-time user demographics: reads contract user messages ({@code user-events}) from Pub/Sub or a
 * synthetic generator, keeps only the analytic projection (invalid messages go to {@code
 * dead_letter}), windows users by event time and computes per window and pane {@code
 * window_summary} (users, gender split, average ages), {@code window_by_country_gender} and {@code
 * window_by_age_band}, and writes every pane to BigQuery (Storage Write API) or a JDBC database
 * with the tables of {@link io.demostream.events.warehouse.WarehouseTables}, each row tagged with
 * this pipeline's incarnation ({@code --incarnationId}, by default the job name).
 *
 * <p>On the DirectRunner window state lives only in memory: a pipeline that stops loses its open
 * windows and cannot be restored; a new launch is a new incarnation whose panes the views add to
 * the earlier ones'. Restoring from a checkpoint or savepoint needs Flink (or Dataflow's in-place
 * update), with the same {@code --incarnationId}.
 *
 * <p>Steps: {@link ReadUserEvents} (on Dataflow the native Pub/Sub read, then {@link
 * AssignEventTimes}), {@link ParseUserEvents}, {@link WindowUserEvents}, {@link
 * AggregateDemographics}, then {@link WriteToBigQuery} or {@link WriteToJdbc}; options in {@link
 * DemographicsOptions}, validated by {@link PipelineConfig}.
 *
 * <p>Requirements: Java 17. {@code --source=pubsub}: a subscription (or topic) carrying contract
 * messages with {@code event_time} and {@code event_id} attributes; against the emulator add {@code
 * --pubsubRootUrl=http://HOST:PORT}. {@code --sink=bigquery}: an existing dataset and permission to
 * create tables and views and use the Storage Write API. {@code --sink=jdbc}: an H2 file URL or a
 * reachable PostgreSQL. Either way the tables and the {@code latest_*} views are created if absent.
 * On Dataflow: the Flex Template of {@code pipeline/Dockerfile} (see {@code docs/DATAFLOW.md}).
 *
 * <p>Run locally:
 *
 * <pre>{@code
 * java -jar pipeline/target/pipeline-bundled.jar --runner=DirectRunner --source=synthetic \
 *     --eventsPerSecond=50 --sink=jdbc \
 *     --jdbcUrl='jdbc:h2:file:/tmp/demostream/warehouse;AUTO_SERVER=TRUE' \
 *     --drainSignalFile=/tmp/demostream/drain
 * }</pre>
 *
 * <p>On an embedded Flink cluster (checkpointed and restorable; {@link FlinkSettings}, {@code
 * docs/FLINK.md}): {@code --runner=FlinkRunner --flinkMaster=[local]
 * --stateBackendStoragePath=file:///tmp/demostream/checkpoints --restoreLatestCheckpoint=true} in
 * place of {@code --runner=DirectRunner}.
 */
public final class DemographicsPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(DemographicsPipeline.class);

  private DemographicsPipeline() {}

  /**
   * Parses and validates the options and runs the pipeline; on the DirectRunner and an embedded
   * Flink cluster it lives as long as this process and exits 0 when the job ends DONE (drained), 1
   * when it fails or is cancelled, 2 for invalid options.
   */
  public static void main(String[] args) {
    PipelineOptionsFactory.register(DemographicsOptions.class);
    DemographicsOptions options;
    Pipeline pipeline;
    try {
      options =
          PipelineOptionsFactory.fromArgs(args).withValidation().as(DemographicsOptions.class);
      pipeline = create(options);
    } catch (IllegalArgumentException e) {
      System.err.println("demographics pipeline: " + e.getMessage());
      System.exit(2);
      return;
    }
    boolean local =
        options.getRunner() == DirectRunner.class
            || (FlinkSettings.isFlink(options) && FlinkSettings.isEmbedded(options));
    try {
      // An embedded Flink cluster blocks here until the job ends, unless --attachedMode=false.
      PipelineResult result = pipeline.run();
      if (local) {
        // The control-service exports the job's figures from this file (the DirectRunner has no
        // metrics API outside this process; embedded Flink's REST API has its own).
        MetricsFileWriter metricsWriter =
            options.getMetricsFile().isEmpty()
                ? null
                : MetricsFileWriter.start(result, java.nio.file.Path.of(options.getMetricsFile()));
        // A local job lives as long as this process; the control-service drains it (signal file
        // on the DirectRunner, stop with drain through Flink's REST API) or cancels it.
        PipelineResult.State state = result.waitUntilFinish();
        if (metricsWriter != null) {
          metricsWriter.close();
        }
        LOG.info("pipeline finished: {}", state);
        System.exit(state == PipelineResult.State.DONE ? 0 : 1);
      }
    } catch (RuntimeException e) {
      // Exit even if runner threads linger: the control-service watches the process.
      LOG.error("pipeline failed", e);
      if (local) {
        System.exit(1);
      }
      throw e;
    }
  }

  /**
   * Validates {@code options}, creates the warehouse (tables and views, JDBC or BigQuery) where
   * missing, builds and starts the pipeline. Does not wait for it, except on an embedded Flink
   * cluster ({@code --flinkMaster=[local]}) in attached mode (Beam's default), where Flink runs the
   * job inside this call; pass {@code --attachedMode=false} to get a result at once there too.
   *
   * @throws IllegalArgumentException for invalid options, before anything is built
   */
  public static PipelineResult run(DemographicsOptions options) {
    return create(options).run();
  }

  /**
   * Validates {@code options} (applying the Flink defaults of {@link FlinkSettings} on Flink),
   * creates JDBC tables if needed and builds the pipeline.
   *
   * @throws IllegalArgumentException for invalid options, before anything is built
   */
  static Pipeline create(DemographicsOptions options) {
    if (FlinkSettings.isFlink(options)) {
      // First: a restored embedded job continues its incarnation, which the config then reads.
      FlinkSettings.apply(options);
    }
    PipelineConfig config = PipelineConfig.from(options);
    if (config.sink().jdbc() != null) {
      config.sink().jdbc().createIfAbsent();
      if (config.source().readsFiles()) {
        BackfillOverlap.refuseIfCounted(
            config.sink().jdbc(), config.source().fileRead().range(), config.incarnationId());
      }
    }
    if (config.sink().isBigQuery()) {
      BigQueryWarehouse.createIfAbsent(
          new BigQueryServicesImpl(), options.as(BigQueryOptions.class), config.sink().dataset());
    }
    return assemble(options, config);
  }

  /**
   * The pipeline of {@code config}, without touching the warehouse: streaming, or batch for {@code
   * --source=files}.
   */
  static Pipeline assemble(DemographicsOptions options, PipelineConfig config) {
    options.setStreaming(!config.source().readsFiles());
    options.as(DirectOptions.class).setBlockOnRun(false);
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, config);
    return pipeline;
  }

  /** Adds every step of {@code config} to {@code pipeline}. */
  public static void build(Pipeline pipeline, PipelineConfig config) {
    ReadUserEvents source = config.source();
    if (source.readsFiles()) {
      PCollectionTuple read = pipeline.apply("ReadUserEventFiles", source.fileRead());
      processAndWrite(
          read.get(ReadUserEventFiles.MESSAGES), read.get(ReadUserEventFiles.DEAD_LETTERS), config);
      return;
    }
    PCollection<PubsubMessage> messages = pipeline.apply("ReadUserEvents", source);
    if (source.assignsEventTimesAfterRead()) {
      assignEventTimesAndProcess(messages, source.eventTimePolicy(), config);
    } else {
      processAndWrite(messages, config);
    }
  }

  /**
   * Every step after a read that leaves messages at their publish time (Dataflow's native reader):
   * {@link AssignEventTimes}, then as {@link #processAndWrite}, its dead letters into the same
   * sink. Tests feed their own messages.
   */
  public static void assignEventTimesAndProcess(
      PCollection<PubsubMessage> published, EventTimePolicy policy, PipelineConfig config) {
    PCollectionTuple stamped = published.apply("AssignEventTimes", new AssignEventTimes(policy));
    processAndWrite(
        stamped.get(AssignEventTimes.STAMPED), stamped.get(AssignEventTimes.DEAD_LETTERS), config);
  }

  /**
   * Every step after a read that stamps messages with their event time: parse, window, aggregate,
   * write. Tests feed their own messages.
   */
  public static void processAndWrite(PCollection<PubsubMessage> messages, PipelineConfig config) {
    processAndWrite(messages, null, config);
  }

  private static void processAndWrite(
      PCollection<PubsubMessage> messages,
      @Nullable PCollection<DeadLetter> readDeadLetters,
      PipelineConfig config) {
    PCollectionTuple parsed = messages.apply("ParseUserEvents", new ParseUserEvents());
    PCollection<DeadLetter> parseDeadLetters = parsed.get(ParseUserEvents.DEAD_LETTERS);
    PCollection<DeadLetter> allDeadLetters =
        readDeadLetters == null
            ? parseDeadLetters
            : PCollectionList.of(readDeadLetters)
                .and(parseDeadLetters)
                .apply("FlattenDeadLetters", Flatten.pCollections());
    PCollection<AnalyticUser> windowed =
        parsed
            .get(ParseUserEvents.USERS)
            .apply("WindowUserEvents", new WindowUserEvents(config.window()));
    PCollectionTuple aggregates =
        windowed.apply("AggregateDemographics", new AggregateDemographics(config.incarnationId()));
    if (config.panesTopic() != null) {
      // Same windowing and trigger as the tables: one message per pane the tables get.
      windowed
          .apply("ToWindowPanes", new ToWindowPanes(config.incarnationId()))
          .apply("PublishWindowPanes", PubsubIO.writeMessages().to(config.panesTopic()));
    }
    PCollection<WarehouseRow> deadLetters =
        allDeadLetters
            .apply("ToDeadLetterRows", MapElements.via(new DeadLetterRows(config.incarnationId())))
            .setCoder(WarehouseRowCoder.of());

    PCollection<WarehouseRow> rows =
        PCollectionList.of(
                globalWindow("RewindowSummary", aggregates.get(AggregateDemographics.SUMMARY)))
            .and(
                globalWindow(
                    "RewindowByCountryGender",
                    aggregates.get(AggregateDemographics.BY_COUNTRY_GENDER)))
            .and(
                globalWindow(
                    "RewindowByAgeBand", aggregates.get(AggregateDemographics.BY_AGE_BAND)))
            .and(globalWindow("RewindowDeadLetters", deadLetters))
            .apply("FlattenWarehouseRows", Flatten.pCollections());

    PipelineConfig.Sink sink = config.sink();
    if (sink.isBigQuery()) {
      rows.apply(
          "WriteToBigQuery",
          new WriteToBigQuery(
              sink.dataset(),
              sink.writeMode(),
              sink.numStreams(),
              sink.triggeringFrequencySec(),
              config.incarnationId(),
              null));
    } else {
      rows.apply("WriteToJdbc", new WriteToJdbc(sink.jdbc()));
    }
  }

  /**
   * Rows are final once emitted: the sinks see one global window that passes each row on at once,
   * so the windowed aggregates and the unwindowed dead letters can be flattened.
   */
  private static PCollection<WarehouseRow> globalWindow(
      String name, PCollection<WarehouseRow> rows) {
    return rows.apply(
        name,
        Window.<WarehouseRow>into(new GlobalWindows())
            .triggering(Repeatedly.forever(AfterPane.elementCountAtLeast(1)))
            .withAllowedLateness(Duration.ZERO)
            .discardingFiredPanes());
  }
}
