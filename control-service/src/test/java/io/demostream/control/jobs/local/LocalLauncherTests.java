package io.demostream.control.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.JobView;
import io.demostream.control.jobs.JobsProperties;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.jobs.StartJobRequest;
import io.demostream.control.jobs.figures.PipelineFigures;
import io.demostream.control.jobs.figures.PipelineFiguresExporter;
import io.demostream.control.jobs.figures.PipelineFiguresProperties;
import io.demostream.control.jobs.flink.FlinkRestClient;
import io.demostream.control.local.LocalProperties;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local launcher. The pipeline tests start the real bundled pipeline jar, which the reactor
 * builds before this module; they fail, rather than skip, when it is missing.
 */
class LocalLauncherTests {

  static final Path PIPELINE_JAR = Path.of("../pipeline/target/pipeline-bundled.jar");

  @TempDir Path dataDir;

  private static final JobsProperties JOBS =
      new JobsProperties(
          "demostream", Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMillis(200));

  private PipelineTarget jdbcTarget() {
    return LocalLaunchers.jdbcTarget(dataDir);
  }

  private LocalLauncher syntheticLauncher() {
    return syntheticLauncher(List.of("--eventsPerSecond=20"), Duration.ofSeconds(2));
  }

  private LocalLauncher syntheticLauncher(List<String> extraArgs, Duration startupGrace) {
    assertThat(PIPELINE_JAR)
        .withFailMessage(
            "The pipeline jar %s is missing: build the pipeline first with"
                + " ./mvnw -B -o -pl pipeline package -DskipTests",
            PIPELINE_JAR.toAbsolutePath().normalize())
        .isRegularFile();
    LocalProperties properties =
        directRunner(PIPELINE_JAR, "synthetic", List.of("-Xmx512m"), extraArgs, startupGrace);
    return launcher(properties);
  }

  private LocalProperties directRunner(
      Path jar, String source, List<String> jvmOptions, List<String> extraArgs, Duration grace) {
    return LocalLaunchers.directRunner(dataDir, jar, source, jvmOptions, extraArgs, grace);
  }

  private LocalLauncher launcher(LocalProperties properties) {
    return LocalLaunchers.launcher(properties, dataDir);
  }

  /** The real pipeline on an embedded Flink cluster, checkpointing every 2 s. */
  private LocalLauncher flinkLauncher() {
    assertThat(PIPELINE_JAR).isRegularFile();
    return launcher(
        new LocalProperties(
            dataDir,
            PIPELINE_JAR,
            "synthetic",
            List.of("-Xmx768m"),
            List.of("--eventsPerSecond=20"),
            Duration.ofSeconds(120),
            Duration.ofSeconds(2),
            "flink",
            Duration.ofSeconds(2),
            2,
            Duration.ofSeconds(1)));
  }

  private JobService jobs(LocalLauncher launcher) {
    return LocalLaunchers.jobs(launcher, JOBS);
  }

  @Test
  void realPipelineRunsUntilCancelled() throws Exception {
    JobService jobs = jobs(syntheticLauncher());

    JobView job = jobs.start(new StartJobRequest(null, "5s", null, "0s", "1s", null, true));

    Path log = dataDir.resolve("jobs").resolve(job.name() + ".log");
    assertThat(job.state()).as(() -> "pipeline log:\n" + tail(log)).isEqualTo(JobState.RUNNING);
    assertThat(job.launcher()).isEqualTo("local");
    // The DirectRunner's limit is said where it is used.
    assertThat(job.runner()).isEqualTo("direct");
    assertThat(job.statusMessage()).contains("not restarted", "demostream.local.runner=flink");
    // It keeps running: a bad option or a crash at start would end it within seconds.
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(20))
        .until(() -> jobs.get(job.id()).state() == JobState.RUNNING);
    assertThat(log).exists();
    // Its counters and on-time watermark reach the control-service through the metrics file.
    LocalFiguresReader metrics = new LocalFiguresReader(dataDir);
    LaunchedJob launched =
        new LaunchedJob(job.id(), job.name(), job.state(), job.createdAt(), java.util.Map.of());
    await()
        .atMost(Duration.ofMinutes(3))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              PipelineFigures figures = metrics.read(launched);
              assertThat(figures.usersParsed()).as(figures.toString()).isPositive();
              assertThat(figures.deadLetters()).isZero();
              assertThat(figures.watermark())
                  .as(figures.toString())
                  .isNotNull()
                  .isBefore(java.time.Instant.now());
              assertThat(figures.measuredAt()).isAfter(java.time.Instant.now().minusSeconds(30));
            });

    JobView cancelled = jobs.cancel(job.id());

    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertThat(jobs.activeJobId()).isEmpty();
  }

  /**
   * The bundled jar on Flink through the launcher: it runs, checkpoints, is killed, comes back from
   * its last checkpoint (Flink's log says so), and drains through the embedded REST API, flushing
   * its windows into the warehouse.
   */
  @Test
  void realPipelineOnFlinkIsRestoredAfterAKillAndDrains() throws Exception {
    LocalLauncher launcher = flinkLauncher();
    // The embedded cluster takes 10 to 15 s to start on an idle machine; far longer on a busy one.
    JobService jobs =
        new JobService(
            launcher,
            new JobsProperties(
                "demostream", Duration.ofMinutes(4), Duration.ofMinutes(2), Duration.ofMillis(500)),
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    try {
      JobView job = jobs.start(new StartJobRequest(null, "5s", null, "0s", "1s", null, true));
      Path log = dataDir.resolve("jobs").resolve(job.name() + ".log");
      assertThat(job.state()).as(() -> "pipeline log:\n" + tail(log)).isEqualTo(JobState.RUNNING);
      assertThat(job.runner()).isEqualTo("flink");
      // Flink itself says when a checkpoint completed.
      await()
          .atMost(Duration.ofMinutes(2))
          .ignoreExceptions()
          .until(
              () -> {
                LocalLauncher.EmbeddedFlinkJob flink =
                    launcher.embeddedFlinkJob(job.id()).orElseThrow();
                return new FlinkRestClient(
                        flink.restUrl(), Duration.ofSeconds(5), Duration.ofSeconds(5))
                    .latestCheckpoint(flink.flinkJobId())
                    .isPresent();
              });
      // While it runs, its figures are live: read from the embedded cluster's REST API (its
      // pipeline writes the metrics file only when the job ends) and exported as Prometheus sees
      // them.
      LocalFiguresReader metrics =
          new LocalFiguresReader(dataDir, launcher::embeddedFlinkJob, Clock.systemUTC());
      SimpleMeterRegistry prometheus = new SimpleMeterRegistry();
      PipelineFiguresExporter exporter =
          new PipelineFiguresExporter(
              jobs,
              metrics,
              prometheus,
              Clock.systemUTC(),
              new PipelineFiguresProperties(true, Duration.ofSeconds(15), Duration.ofSeconds(60)));
      LaunchedJob launched =
          new LaunchedJob(job.id(), job.name(), job.state(), job.createdAt(), java.util.Map.of());
      PipelineFigures first =
          await()
              .atMost(Duration.ofMinutes(2))
              .ignoreExceptions()
              .until(
                  () -> metrics.read(launched),
                  figures -> figures.usersParsed() > 0 && figures.watermark() != null);
      assertThat(first.deadLetters()).isZero();
      assertThat(first.droppedLate()).isZero();
      // Rising while the job runs, not only at its end.
      PipelineFigures later =
          await()
              .atMost(Duration.ofMinutes(1))
              .ignoreExceptions()
              .until(
                  () -> metrics.read(launched),
                  figures ->
                      figures.usersParsed() > first.usersParsed()
                          && figures.watermark().isAfter(first.watermark()));
      assertThat(later.measuredAt()).isAfter(first.measuredAt());
      assertThat(LocalFiguresReader.metricsFile(dataDir.resolve("jobs"), job.name()))
          .as("no metrics file while the embedded Flink job runs")
          .doesNotExist();
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () -> {
                exporter.refresh();
                return exported(prometheus, "demostream.pipeline.metrics.up") == 1;
              });
      assertThat(exported(prometheus, "demostream.pipeline.users.parsed"))
          .isGreaterThanOrEqualTo(later.usersParsed());
      assertThat(exported(prometheus, "demostream.pipeline.dead.letters")).isZero();
      assertThat(exported(prometheus, "demostream.pipeline.watermark.lag")).isNotNaN();
      assertThat(exportedState(prometheus, JobState.RUNNING)).isEqualTo(1);

      long pid =
          new LocalJobRegistry(dataDir.resolve("jobs").resolve("local-jobs.json"))
              .find(job.id())
              .orElseThrow()
              .pid();
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      double parsedBeforeKill = exported(prometheus, "demostream.pipeline.users.parsed");

      // Dead and not yet back: the figures are stale and say so; the last ones stay, not zeros.
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () -> {
                exporter.refresh();
                return exported(prometheus, "demostream.pipeline.metrics.up") == 0
                    && exportedState(prometheus, JobState.RUNNING) == 0;
              });
      assertThat(exported(prometheus, "demostream.pipeline.users.parsed"))
          .isPositive()
          .isGreaterThanOrEqualTo(parsedBeforeKill);

      await()
          .atMost(Duration.ofMinutes(4))
          .until(
              () -> {
                JobView now = jobs.get(job.id());
                return now.restarts() == 1 && now.state() == JobState.RUNNING;
              });
      // What it restored, as Flink reports it: the pipeline found the checkpoint itself.
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () -> jobs.get(job.id()).statusMessage(),
              m -> m.contains("restored from checkpoint"));
      assertThat(Files.readString(log))
          .as("Flink's own log of the restore")
          .contains("Restoring job");
      // Live again from the restored job's cluster (new REST port); Flink's counters start again
      // from zero in a restored job, a counter reset Prometheus' rate() handles.
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> {
                exporter.refresh();
                return exported(prometheus, "demostream.pipeline.metrics.up") == 1
                    && exportedState(prometheus, JobState.RUNNING) == 1;
              });

      JobView drained = jobs.drain(job.id());

      assertThat(drained.state())
          .as(() -> "pipeline log:\n" + tail(log))
          .isEqualTo(JobState.DRAINED);
      try (Connection warehouse = DriverManager.getConnection(jdbcTarget().jdbcUrl());
          ResultSet rows =
              warehouse.createStatement().executeQuery("SELECT COUNT(*) FROM window_summary")) {
        rows.next();
        assertThat(rows.getLong(1)).isPositive();
      }
    } finally {
      launcher.list("").forEach(j -> launcher.cancel(j.id()));
      launcher.close();
    }
  }

  @Test
  void pipelineFailingAtStartIsReportedFailedNotRunning() {
    // A grace far longer than the JVM needs to reject the option, even on a busy machine.
    JobService jobs =
        jobs(syntheticLauncher(List.of("--eventsPerSecond=-5"), Duration.ofSeconds(60)));

    JobView job = jobs.start(new StartJobRequest(null, null, null, null, null, null, true));

    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(jobs.activeJobId()).isEmpty();
  }

  @Test
  void realPipelineDrainsOnTheSignalFileAndExitsByItself() {
    JobService jobs = jobs(syntheticLauncher());
    JobView job = jobs.start(new StartJobRequest(null, "5s", null, "0s", "1s", null, true));
    assertThat(job.state())
        .as(() -> "pipeline log:\n" + tail(dataDir.resolve("jobs").resolve(job.name() + ".log")))
        .isEqualTo(JobState.RUNNING);

    JobView drained = jobs.drain(job.id());

    // DRAINED only if it exited within the drain timeout; a destroyed pipeline is CANCELLED.
    assertThat(drained.state()).isEqualTo(JobState.DRAINED);
    assertThat(dataDir.resolve("jobs").resolve(job.name() + ".drain")).exists();
  }

  @Test
  void restartedLauncherFindsTheRunningProcessAndStopsIt() throws Exception {
    JobView job =
        jobs(syntheticLauncher())
            .start(new StartJobRequest(null, "5s", null, "0s", "1s", null, true));
    assertThat(job.state())
        .as(() -> "pipeline log:\n" + tail(dataDir.resolve("jobs").resolve(job.name() + ".log")))
        .isEqualTo(JobState.RUNNING);

    // A new launcher knows the job only from the registry file and the process id.
    JobService restarted = jobs(syntheticLauncher());

    assertThat(restarted.activeJobId()).contains(job.id());
    assertThat(restarted.get(job.id()).parameters()).containsEntry("windowSize", "5s");
    assertThat(restarted.cancel(job.id()).state()).isEqualTo(JobState.CANCELLED);
    assertThat(jobs(syntheticLauncher()).get(job.id()).state()).isEqualTo(JobState.CANCELLED);
  }

  /** The value of an exported pipeline series ({@link PipelineFiguresExporter}). */
  private static double exported(MeterRegistry registry, String name) {
    Meter meter = registry.get(name).meter();
    return meter.measure().iterator().next().getValue();
  }

  private static double exportedState(MeterRegistry registry, JobState state) {
    return registry.get("demostream.pipeline.job.state").tag("state", state.name()).gauge().value();
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
