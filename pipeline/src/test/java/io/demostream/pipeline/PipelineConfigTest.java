package io.demostream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demostream.pipeline.sink.WriteMode;
import io.demostream.pipeline.window.WindowSpec;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Option parsing and the cross-field checks that run before anything is built. */
@RunWith(JUnit4.class)
public class PipelineConfigTest {

  private static DemographicsOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(DemographicsOptions.class);
  }

  private static final String SUBSCRIPTION =
      "--inputSubscription=projects/demo-project/subscriptions/users";
  private static final String JDBC = "--jdbcUrl=jdbc:h2:mem:config";

  @Test
  public void defaultsAreOneMinuteFixedWindowsFiveMinutesLatenessTenSecondEarlyPanes() {
    PipelineConfig config = PipelineConfig.from(options(SUBSCRIPTION, "--sink=jdbc", JDBC));
    assertThat(config.window())
        .isEqualTo(
            WindowSpec.fixed(
                Duration.standardSeconds(60),
                Duration.standardMinutes(5),
                Duration.standardSeconds(10)));
    assertThat(config.drainSignal()).isNull();
  }

  @Test
  public void incarnationIsTheGivenIdElseTheJobNameUniquePerLaunch() {
    assertThat(
            PipelineConfig.from(
                    options(SUBSCRIPTION, "--sink=jdbc", JDBC, "--incarnationId= restored-1 "))
                .incarnationId())
        .isEqualTo("restored-1");
    assertThat(
            PipelineConfig.from(options(SUBSCRIPTION, "--sink=jdbc", JDBC, "--jobName=job-7"))
                .incarnationId())
        .isEqualTo("job-7");
    // Two launches without either: two incarnations.
    assertThat(PipelineConfig.from(options(SUBSCRIPTION, "--sink=jdbc", JDBC)).incarnationId())
        .isNotBlank()
        .isNotEqualTo(
            PipelineConfig.from(options(SUBSCRIPTION, "--sink=jdbc", JDBC)).incarnationId());
  }

  @Test
  public void filesSourceReadsTheGlobWithinItsRange() {
    PipelineConfig config =
        PipelineConfig.from(
            options(
                "--source=files",
                "--inputFiles=/tmp/history/*.jsonl",
                "--backfillStart=2026-03-01T00:00:00Z",
                "--backfillEnd=2026-03-02T00:00:00Z",
                "--sink=jdbc",
                JDBC));
    assertThat(config.source().readsFiles()).isTrue();
    assertThat(config.source().fileRead().range().toString())
        .isEqualTo("[2026-03-01T00:00:00Z, 2026-03-02T00:00:00Z)");
  }

  @Test
  public void filesSourceRefusesMissingFilesPubsubOptionsAndABadRange() {
    String start = "--backfillStart=2026-03-01T00:00:00Z";
    String end = "--backfillEnd=2026-03-02T00:00:00Z";
    assertThatThrownBy(
            () -> PipelineConfig.from(options("--source=files", start, end, "--sink=jdbc", JDBC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--source=files needs --inputFiles=GLOB");
    assertThatThrownBy(
            () ->
                PipelineConfig.from(
                    options(
                        "--source=files",
                        "--inputFiles=/tmp/*.jsonl",
                        SUBSCRIPTION,
                        start,
                        end,
                        "--sink=jdbc",
                        JDBC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("drop --inputSubscription and --inputTopic");
    assertThatThrownBy(
            () ->
                PipelineConfig.from(
                    options(
                        "--source=files", "--inputFiles=/tmp/*.jsonl", end, "--sink=jdbc", JDBC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--source=files needs --backfillStart");
    assertThatThrownBy(
            () ->
                PipelineConfig.from(
                    options(
                        "--source=files",
                        "--inputFiles=/tmp/*.jsonl",
                        "--backfillStart=2026-03-02T00:00:00Z",
                        "--backfillEnd=2026-03-01T00:00:00Z",
                        "--sink=jdbc",
                        JDBC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be before --backfillEnd");
    assertThatThrownBy(
            () ->
                PipelineConfig.from(
                    options(SUBSCRIPTION, "--inputFiles=/tmp/*.jsonl", "--sink=jdbc", JDBC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--inputFiles, --backfillStart and --backfillEnd need --source=files");
  }

  @Test
  public void durationsAcceptShortFormsAndIso8601() {
    assertThat(Durations.parse("x", "90s")).isEqualTo(Duration.standardSeconds(90));
    assertThat(Durations.parse("x", "5m")).isEqualTo(Duration.standardMinutes(5));
    assertThat(Durations.parse("x", "1h")).isEqualTo(Duration.standardHours(1));
    assertThat(Durations.parse("x", "PT90S")).isEqualTo(Duration.standardSeconds(90));
    assertThat(Durations.parse("x", "250ms")).isEqualTo(Duration.millis(250));
    assertThatThrownBy(() -> Durations.parse("windowSize", "a minute"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--windowSize='a minute' is not a duration");
  }

  @Test
  public void slidingPeriodLongerThanSizeIsRejected() {
    assertThatThrownBy(
            () ->
                PipelineConfig.from(
                    options(
                        SUBSCRIPTION,
                        "--sink=jdbc",
                        JDBC,
                        "--windowType=sliding",
                        "--windowSize=1m",
                        "--windowPeriod=2m")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--windowPeriod")
        .hasMessageContaining("must not be longer than --windowSize");
  }

  @Test
  public void negativeLatenessIsRejected() {
    assertThatThrownBy(
            () ->
                PipelineConfig.from(
                    options(SUBSCRIPTION, "--sink=jdbc", JDBC, "--allowedLateness=PT-5M")))
        .hasMessageContaining("--allowedLateness must not be negative");
  }

  @Test
  public void pubsubNeedsExactlyOneOfSubscriptionAndTopic() {
    assertThatThrownBy(() -> PipelineConfig.from(options("--sink=jdbc", JDBC)))
        .hasMessageContaining("exactly one of --inputSubscription and --inputTopic");
    assertThatThrownBy(
            () ->
                PipelineConfig.from(
                    options(
                        SUBSCRIPTION,
                        "--inputTopic=projects/demo-project/topics/users",
                        "--sink=jdbc",
                        JDBC)))
        .hasMessageContaining("exactly one of");
    assertThatThrownBy(
            () -> PipelineConfig.from(options("--inputSubscription=users", "--sink=jdbc", JDBC)))
        .hasMessageContaining("projects/PROJECT/subscriptions/NAME");
  }

  @Test
  public void bigQueryNeedsADatasetAndAKnownWriteMode() {
    assertThatThrownBy(() -> PipelineConfig.from(options(SUBSCRIPTION)))
        .hasMessageContaining("--sink=bigquery needs --outputDataset");
    assertThatThrownBy(
            () ->
                PipelineConfig.from(
                    options(
                        SUBSCRIPTION,
                        "--outputDataset=demo-project:demostream",
                        "--writeMode=sometimes")))
        .hasMessageContaining("--writeMode='sometimes'");
    PipelineConfig config =
        PipelineConfig.from(
            options(
                SUBSCRIPTION,
                "--outputDataset=demo-project:demostream",
                "--writeMode=at-least-once",
                "--numStorageWriteApiStreams=3",
                "--storageWriteApiTriggeringFrequencySec=7"));
    assertThat(config.sink().writeMode()).isEqualTo(WriteMode.AT_LEAST_ONCE);
    assertThat(config.sink().numStreams()).isEqualTo(3);
    assertThat(config.sink().triggeringFrequencySec()).isEqualTo(7);
  }

  @Test
  public void unknownValuesNameTheAcceptedOnes() {
    assertThatThrownBy(() -> PipelineConfig.from(options("--source=kafka")))
        .hasMessageContaining("use pubsub, synthetic or files");
    assertThatThrownBy(() -> PipelineConfig.from(options("--source=synthetic", "--sink=csv")))
        .hasMessageContaining("use bigquery or jdbc");
    assertThatThrownBy(
            () ->
                PipelineConfig.from(
                    options("--source=synthetic", "--sink=jdbc", "--jdbcUrl=jdbc:mysql://x/y")))
        .hasMessageContaining("jdbc:h2: or jdbc:postgresql:");
    assertThatThrownBy(
            () ->
                PipelineConfig.from(
                    options("--source=synthetic", "--sink=jdbc", JDBC, "--windowType=session")))
        .hasMessageContaining("use fixed or sliding");
  }

  @Test
  public void watermarkSampleIsTwoSecondsOnLocalRunnersAMinuteElsewhereUnlessGiven() {
    assertThat(watermarkSamplePeriod(options(SUBSCRIPTION, "--sink=jdbc", JDBC)))
        .as("DirectRunner")
        .isEqualTo(Duration.standardSeconds(2));
    assertThat(watermarkSamplePeriod(onFlink("[local]")))
        .as("embedded Flink")
        .isEqualTo(Duration.standardSeconds(2));
    assertThat(watermarkSamplePeriod(onFlink("jobmanager:8081")))
        .as("a Flink cluster reads real Pub/Sub, which delivers out of order")
        .isEqualTo(Duration.standardMinutes(1));
    DemographicsOptions dataflow = options(SUBSCRIPTION, "--sink=jdbc", JDBC);
    dataflow.setRunner(DataflowRunner.class);
    assertThat(watermarkSamplePeriod(dataflow)).isEqualTo(Duration.standardMinutes(1));
    assertThat(
            watermarkSamplePeriod(
                options(SUBSCRIPTION, "--sink=jdbc", JDBC, "--watermarkSamplePeriod=20s")))
        .isEqualTo(Duration.standardSeconds(20));
    assertThatThrownBy(
            () ->
                PipelineConfig.from(
                    options(SUBSCRIPTION, "--sink=jdbc", JDBC, "--watermarkSamplePeriod=500ms")))
        .hasMessageContaining("--watermarkSamplePeriod must be at least 1s");
  }

  @Test
  public void onlyDataflowReadsPubsubNativelyAndAssignsEventTimesAfterTheRead() {
    DemographicsOptions dataflow = options(SUBSCRIPTION, "--sink=jdbc", JDBC);
    dataflow.setRunner(DataflowRunner.class);
    assertThat(PipelineConfig.from(dataflow).source().assignsEventTimesAfterRead()).isTrue();
    // Local runners keep the event-time reader: its 2 s watermark sample keeps on-time panes
    // seconds after their window (Beam's reader would keep them a minute behind), and its drain.
    assertThat(
            PipelineConfig.from(options(SUBSCRIPTION, "--sink=jdbc", JDBC))
                .source()
                .assignsEventTimesAfterRead())
        .as("DirectRunner")
        .isFalse();
    assertThat(PipelineConfig.from(onFlink("[local]")).source().assignsEventTimesAfterRead())
        .as("embedded Flink")
        .isFalse();
    assertThat(
            PipelineConfig.from(onFlink("jobmanager:8081")).source().assignsEventTimesAfterRead())
        .as("a Flink cluster")
        .isFalse();
  }

  private static DemographicsOptions onFlink(String master) {
    return options(
        SUBSCRIPTION, "--sink=jdbc", JDBC, "--runner=FlinkRunner", "--flinkMaster=" + master);
  }

  private static Duration watermarkSamplePeriod(DemographicsOptions options) {
    return PipelineConfig.from(options).source().eventTimePolicy().watermarkSamplePeriod();
  }

  @Test
  public void exactlyOnceOnDataflowWithoutStreamingEngineNeedsStreams() {
    String[] bigQuery = {
      SUBSCRIPTION, "--sink=bigquery", "--outputDataset=demo-project:demostream"
    };
    DemographicsOptions withoutEngine = options(bigQuery);
    withoutEngine.setRunner(DataflowRunner.class);
    assertThatThrownBy(() -> PipelineConfig.from(withoutEngine))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--numStorageWriteApiStreams > 0");

    DemographicsOptions withStreams = options(bigQuery);
    withStreams.setRunner(DataflowRunner.class);
    withStreams.setNumStorageWriteApiStreams(4);
    assertThat(PipelineConfig.from(withStreams).sink().numStreams()).isEqualTo(4);

    DemographicsOptions withEngine = options(bigQuery);
    withEngine.setRunner(DataflowRunner.class);
    withEngine.as(DataflowPipelineOptions.class).setEnableStreamingEngine(true);
    assertThat(PipelineConfig.from(withEngine).sink().numStreams()).isZero();
  }

  @Test
  public void drainSignalIsOnlyForLocalRunners() {
    DemographicsOptions dataflow =
        options("--source=synthetic", "--sink=jdbc", JDBC, "--drainSignalFile=/tmp/drain");
    dataflow.setRunner(DataflowRunner.class);
    assertThatThrownBy(() -> PipelineConfig.from(dataflow))
        .hasMessageContaining("--drainSignalFile works only with --runner=DirectRunner");
    DemographicsOptions flinkCluster =
        options(
            "--source=synthetic",
            "--sink=jdbc",
            JDBC,
            "--drainSignalFile=/tmp/drain",
            "--runner=FlinkRunner",
            "--flinkMaster=jobmanager:8081");
    assertThatThrownBy(() -> PipelineConfig.from(flinkCluster))
        .hasMessageContaining("a Flink cluster job with a stop with drain");
    assertThat(
            PipelineConfig.from(
                    options("--source=synthetic", "--sink=jdbc", JDBC, "--drainSignalFile=/tmp/d"))
                .drainSignal()
                .path())
        .isEqualTo("/tmp/d");
    assertThat(
            PipelineConfig.from(
                    options(
                        "--source=synthetic",
                        "--sink=jdbc",
                        JDBC,
                        "--drainSignalFile=/tmp/e",
                        "--runner=FlinkRunner",
                        "--flinkMaster=[local]"))
                .drainSignal()
                .path())
        .isEqualTo("/tmp/e");
  }
}
