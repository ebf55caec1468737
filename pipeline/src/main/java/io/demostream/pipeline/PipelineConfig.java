package io.demostream.pipeline;

import io.demostream.pipeline.backfill.BackfillRange;
import io.demostream.pipeline.flink.FlinkSettings;
import io.demostream.pipeline.sink.JdbcWarehouse;
import io.demostream.pipeline.sink.WriteMode;
import io.demostream.pipeline.source.DrainSignal;
import io.demostream.pipeline.source.EventTimePolicy;
import io.demostream.pipeline.source.ReadUserEvents;
import io.demostream.pipeline.window.WindowSpec;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.ExperimentalOptions;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * {@link DemographicsOptions} checked and parsed before anything is built: every cross-field rule
 * (topic xor subscription, sliding period within the size, sink settings) fails here with an {@link
 * IllegalArgumentException} whose message names the option at fault.
 */
public record PipelineConfig(
    ReadUserEvents source,
    WindowSpec window,
    Sink sink,
    @Nullable DrainSignal drainSignal,
    String incarnationId,
    @Nullable String panesTopic) {

  /** A configuration that publishes no panes (the panes topic off). */
  public PipelineConfig(
      ReadUserEvents source,
      WindowSpec window,
      Sink sink,
      @Nullable DrainSignal drainSignal,
      String incarnationId) {
    this(source, window, sink, drainSignal, incarnationId, null);
  }

  private static final Pattern SUBSCRIPTION = Pattern.compile("projects/[^/]+/subscriptions/[^/]+");
  private static final Pattern TOPIC = Pattern.compile("projects/[^/]+/topics/[^/]+");
  private static final Pattern DATASET =
      Pattern.compile("[a-z][a-z0-9.:-]{4,61}[a-z0-9]:\\w{1,1024}");

  /** The watermark sample period of local runs, where the emulator delivers in order. */
  static final Duration LOCAL_WATERMARK_SAMPLE_PERIOD = Duration.standardSeconds(2);

  /** Environment variable read when {@code --jdbcPassword} is empty. */
  public static final String JDBC_PASSWORD_ENV = "DEMOSTREAM_JDBC_PASSWORD";

  /** Where rows go; exactly one of the two sides is set. */
  public record Sink(
      @Nullable String dataset,
      @Nullable WriteMode writeMode,
      int numStreams,
      @Nullable Integer triggeringFrequencySec,
      @Nullable JdbcWarehouse jdbc) {

    public boolean isBigQuery() {
      return dataset != null;
    }
  }

  /**
   * @throws IllegalArgumentException naming the option at fault
   */
  public static PipelineConfig from(DemographicsOptions options) {
    DrainSignal drain = null;
    if (!isBlank(options.getDrainSignalFile())) {
      if (!isLocal(options)) {
        throw new IllegalArgumentException(
            "--drainSignalFile works only with --runner=DirectRunner or --runner=FlinkRunner"
                + " --flinkMaster=[local]; drain a Dataflow job with gcloud dataflow jobs drain, a"
                + " Flink cluster job with a stop with drain");
      }
      drain = new DrainSignal(options.getDrainSignalFile().trim());
    }
    WindowSpec window = window(options);
    return new PipelineConfig(
        source(options, drain, window),
        window,
        sink(options),
        drain,
        incarnationId(options),
        panesTopic(options));
  }

  /** {@code --panesTopic}, or null when panes are not published. */
  private static @Nullable String panesTopic(DemographicsOptions options) {
    String topic = options.getPanesTopic();
    if (isBlank(topic)) {
      return null;
    }
    if (!TOPIC.matcher(topic.trim()).matches()) {
      throw new IllegalArgumentException(
          "--panesTopic must be projects/PROJECT/topics/NAME, got '" + topic + "'");
    }
    return topic.trim();
  }

  /**
   * {@code --incarnationId}, else the job name: Beam makes it unique per launch, the
   * control-service and Dataflow give each job its own, and Dataflow keeps it when a job is updated
   * in place.
   */
  private static String incarnationId(DemographicsOptions options) {
    String id = trimmedOrNull(options.getIncarnationId());
    if (id == null) {
      id = trimmedOrNull(options.getJobName());
    }
    if (id == null) {
      throw new IllegalArgumentException("--incarnationId is empty and there is no --jobName");
    }
    return id;
  }

  private static ReadUserEvents source(
      DemographicsOptions options, @Nullable DrainSignal drain, WindowSpec window) {
    ReadUserEvents.Kind kind = ReadUserEvents.Kind.fromOption(options.getSource());
    String files = trimmedOrNull(options.getInputFiles());
    if (kind == ReadUserEvents.Kind.FILES) {
      if (files == null) {
        throw new IllegalArgumentException("--source=files needs --inputFiles=GLOB");
      }
      if (trimmedOrNull(options.getInputSubscription()) != null
          || trimmedOrNull(options.getInputTopic()) != null) {
        throw new IllegalArgumentException(
            "--source=files reads --inputFiles only: drop --inputSubscription and --inputTopic");
      }
      return ReadUserEvents.files(
          files, BackfillRange.parse(options.getBackfillStart(), options.getBackfillEnd()));
    }
    if (files != null
        || trimmedOrNull(options.getBackfillStart()) != null
        || trimmedOrNull(options.getBackfillEnd()) != null) {
      throw new IllegalArgumentException(
          "--inputFiles, --backfillStart and --backfillEnd need --source=files");
    }
    if (kind == ReadUserEvents.Kind.SYNTHETIC) {
      if (options.getEventsPerSecond() < 1) {
        throw new IllegalArgumentException(
            "--eventsPerSecond must be at least 1, got " + options.getEventsPerSecond());
      }
      return ReadUserEvents.synthetic(options.getEventsPerSecond(), options.getSeed(), drain);
    }
    String subscription = trimmedOrNull(options.getInputSubscription());
    String topic = trimmedOrNull(options.getInputTopic());
    if ((subscription == null) == (topic == null)) {
      throw new IllegalArgumentException(
          "--source=pubsub needs exactly one of --inputSubscription and --inputTopic");
    }
    if (subscription != null && !SUBSCRIPTION.matcher(subscription).matches()) {
      throw new IllegalArgumentException(
          "--inputSubscription must be projects/PROJECT/subscriptions/NAME, got " + subscription);
    }
    if (topic != null && !TOPIC.matcher(topic).matches()) {
      throw new IllegalArgumentException(
          "--inputTopic must be projects/PROJECT/topics/NAME, got " + topic);
    }
    EventTimePolicy policy =
        new EventTimePolicy(
            Durations.parse("maxFutureSkew", options.getMaxFutureSkew()),
            Durations.parse("maxEventAge", options.getMaxEventAge()),
            window,
            watermarkSamplePeriod(options));
    if (isDataflow(options)) {
      // The native reader: the runner replaces PubsubIO's source with the service's own reader.
      return ReadUserEvents.fromPubsubNatively(subscription, topic, policy);
    }
    return ReadUserEvents.fromPubsub(subscription, topic, drain, policy);
  }

  private static boolean isDataflow(DemographicsOptions options) {
    return DataflowRunner.class.isAssignableFrom(options.getRunner());
  }

  private static boolean usesStreamingEngine(DemographicsOptions options) {
    DataflowPipelineOptions dataflow = options.as(DataflowPipelineOptions.class);
    return dataflow.isEnableStreamingEngine()
        || ExperimentalOptions.hasExperiment(dataflow, "enable_streaming_engine")
        || ExperimentalOptions.hasExperiment(dataflow, "enable_windmill_service");
  }

  /**
   * A few seconds where the emulator delivers in order (local runners), else Beam's minute. Unused
   * on Dataflow, whose native reader keeps its own watermark.
   */
  private static Duration watermarkSamplePeriod(DemographicsOptions options) {
    String period = trimmedOrNull(options.getWatermarkSamplePeriod());
    if (period != null) {
      return Durations.parse("watermarkSamplePeriod", period);
    }
    return isLocal(options) ? LOCAL_WATERMARK_SAMPLE_PERIOD : EventTimePolicy.BEAM_SAMPLE_PERIOD;
  }

  private static boolean isLocal(DemographicsOptions options) {
    return options.getRunner() == DirectRunner.class
        || (FlinkSettings.isFlink(options) && FlinkSettings.isEmbedded(options));
  }

  private static WindowSpec window(DemographicsOptions options) {
    WindowSpec.Type type = WindowSpec.Type.fromOption(options.getWindowType());
    return new WindowSpec(
        type,
        Durations.parse("windowSize", options.getWindowSize()),
        type == WindowSpec.Type.SLIDING
            ? Durations.parse("windowPeriod", options.getWindowPeriod())
            : Durations.parse("windowSize", options.getWindowSize()),
        Durations.parse("allowedLateness", options.getAllowedLateness()),
        Durations.parse("earlyFiringInterval", options.getEarlyFiringInterval()));
  }

  private static Sink sink(DemographicsOptions options) {
    String sink =
        options.getSink() == null ? "" : options.getSink().trim().toLowerCase(Locale.ROOT);
    switch (sink) {
      case "bigquery" -> {
        String dataset = trimmedOrNull(options.getOutputDataset());
        if (dataset == null) {
          throw new IllegalArgumentException(
              "--sink=bigquery needs --outputDataset=PROJECT:DATASET");
        }
        if (!DATASET.matcher(dataset).matches()) {
          throw new IllegalArgumentException(
              "--outputDataset must be PROJECT:DATASET, got " + dataset);
        }
        WriteMode mode = WriteMode.fromOption(options.getWriteMode());
        Integer streams = options.getNumStorageWriteApiStreams();
        if (streams != null && streams < 0) {
          throw new IllegalArgumentException(
              "--numStorageWriteApiStreams must not be negative, got " + streams);
        }
        Integer frequency = options.getStorageWriteApiTriggeringFrequencySec();
        if (frequency != null && frequency < 1) {
          throw new IllegalArgumentException(
              "--storageWriteApiTriggeringFrequencySec must be at least 1, got " + frequency);
        }
        if (mode == WriteMode.EXACTLY_ONCE
            && (streams == null || streams == 0)
            && isDataflow(options)
            && !usesStreamingEngine(options)) {
          // Dataflow refuses runner-determined sharding of the Storage Write API without
          // Streaming Engine: say so before the job is built, not in the launcher's log.
          throw new IllegalArgumentException(
              "--writeMode=exactly-once on Dataflow without Streaming Engine needs"
                  + " --numStorageWriteApiStreams > 0 (or --enableStreamingEngine)");
        }
        return new Sink(dataset, mode, streams == null ? 0 : streams, frequency, null);
      }
      case "jdbc" -> {
        String password = options.getJdbcPassword();
        if (isBlank(password)) {
          password = System.getenv(JDBC_PASSWORD_ENV);
        }
        return new Sink(
            null,
            null,
            0,
            null,
            new JdbcWarehouse(
                trimmedOrNull(options.getJdbcUrl()), options.getJdbcUser(), password));
      }
      default ->
          throw new IllegalArgumentException(
              "--sink='" + options.getSink() + "' is not supported: use bigquery or jdbc");
    }
  }

  private static boolean isBlank(@Nullable String value) {
    return value == null || value.isBlank();
  }

  private static @Nullable String trimmedOrNull(@Nullable String value) {
    return isBlank(value) ? null : value.trim();
  }
}
