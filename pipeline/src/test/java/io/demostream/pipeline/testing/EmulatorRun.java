package io.demostream.pipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demostream.events.warehouse.WarehouseView;
import io.demostream.pipeline.DemographicsOptions;
import io.demostream.pipeline.DemographicsPipeline;
import io.demostream.pipeline.sink.JdbcWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * One pipeline run of an emulator test: the pipeline reads {@code topic}'s subscription on the
 * Pub/Sub emulator and writes an H2 file warehouse in {@code folder}; the run is drained (signal
 * file on the DirectRunner, stop with drain through an embedded Flink's REST API) so its final
 * panes are deterministic. What every emulator test repeated: the arguments, the warehouse, the
 * drained run and the await.
 */
public final class EmulatorRun {

  private final EmulatorTopic topic;
  private final Path folder;
  private final String jdbcUrl;
  private final JdbcWarehouse warehouse;

  private EmulatorRun(EmulatorTopic topic, Path folder) {
    this.topic = topic;
    this.folder = folder;
    this.jdbcUrl = "jdbc:h2:file:" + folder + "/warehouse;AUTO_SERVER=TRUE";
    this.warehouse = new JdbcWarehouse(jdbcUrl, "", "");
  }

  /** A run of {@code topic}'s subscription into a warehouse in {@code folder}. */
  public static EmulatorRun of(EmulatorTopic topic, Path folder) {
    return new EmulatorRun(topic, folder);
  }

  /** {@code --jdbcUrl} of this run's H2 warehouse. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public JdbcWarehouse warehouse() {
    return warehouse;
  }

  /**
   * The pipeline's arguments: the emulator's subscription, early panes every second, the JDBC sink
   * into this run's warehouse, then {@code extra} (a later value of an option wins).
   */
  public List<String> args(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--source=pubsub",
                "--inputSubscription=" + topic.subscriptionPath(),
                "--pubsubRootUrl=" + EmulatorTopic.rootUrl(),
                "--earlyFiringInterval=1s",
                "--sink=jdbc",
                "--jdbcUrl=" + jdbcUrl));
    args.addAll(List.of(extra));
    return args;
  }

  /** Validated options of {@code args}. */
  public static DemographicsOptions options(List<String> args) {
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .withValidation()
        .as(DemographicsOptions.class);
  }

  /** Starts the pipeline on the DirectRunner, drained by creating {@code drain}. */
  public PipelineResult startOnDirectRunner(List<String> args, Path drain) {
    List<String> all = new ArrayList<>(args);
    all.add("--runner=DirectRunner");
    all.add("--drainSignalFile=" + drain);
    return DemographicsPipeline.run(options(all));
  }

  /** Drains a DirectRunner pipeline and asserts it ends {@code DONE} within {@code timeout}. */
  public static void drain(PipelineResult result, Path drain, Duration timeout) throws Exception {
    try {
      Files.createFile(drain);
      assertThat(result.waitUntilFinish(org.joda.time.Duration.millis(timeout.toMillis())))
          .isEqualTo(PipelineResult.State.DONE);
    } finally {
      if (result.getState() != PipelineResult.State.DONE) {
        result.cancel();
      }
    }
  }

  /** Runs on the DirectRunner until {@code whileRunning} returns, then drains it. */
  public void runDrainedOnDirectRunner(List<String> args, Runnable whileRunning) throws Exception {
    Path drain = folder.resolve("drain");
    PipelineResult result = startOnDirectRunner(args, drain);
    try {
      whileRunning.run();
    } catch (RuntimeException | Error e) {
      result.cancel();
      throw e;
    }
    drain(result, drain, Duration.ofSeconds(60));
  }

  /**
   * Runs on an embedded Flink cluster as the local launcher runs it ({@code run()} blocks until the
   * job is drained) until {@code whileRunning} returns, then stops it with drain.
   */
  public void runDrainedOnEmbeddedFlink(List<String> args, Runnable whileRunning) throws Exception {
    EmbeddedFlink flink = EmbeddedFlink.in(Files.createDirectories(folder.resolve("flink")));
    List<String> all = new ArrayList<>(args);
    all.addAll(flink.options());
    DemographicsOptions options = options(all);
    CompletableFuture<PipelineResult> run =
        CompletableFuture.supplyAsync(() -> DemographicsPipeline.run(options));
    String jobId = null;
    try {
      jobId = flink.awaitRunningJob(Duration.ofSeconds(120));
      whileRunning.run();
      flink.stopWithDrain(jobId);
      assertThat(run.get(120, TimeUnit.SECONDS).getState()).isEqualTo(PipelineResult.State.DONE);
    } finally {
      if (!run.isDone() && jobId != null) {
        flink.cancelQuietly(jobId);
      }
    }
  }

  /** Runs on {@code runner} ({@code DirectRunner} or {@code FlinkRunner}), drained. */
  public void runDrained(String runner, List<String> args, Runnable whileRunning) throws Exception {
    if (runner.equals("DirectRunner")) {
      runDrainedOnDirectRunner(args, whileRunning);
    } else {
      runDrainedOnEmbeddedFlink(args, whileRunning);
    }
  }

  /** Waits, up to two minutes, for {@code condition} over the warehouse. */
  public static void awaitUntil(Callable<Boolean> condition) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(condition);
  }

  public long count(String sql) {
    return Warehouse.count(warehouse, sql);
  }

  public List<String> query(String sql) {
    return Warehouse.query(warehouse, sql);
  }

  /** The rows of {@code view} (its latest panes), {@code columns} joined by {@code |}. */
  public List<String> latest(WarehouseView view, String columns, String order) {
    return query(
        "SELECT "
            + columns
            + " FROM ("
            + view.selectSql(UnaryOperator.identity())
            + ") latest ORDER BY "
            + order);
  }
}
