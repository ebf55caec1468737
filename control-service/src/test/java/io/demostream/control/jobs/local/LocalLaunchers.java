package io.demostream.control.jobs.local;

import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobsProperties;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.local.LocalProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Local launchers of the tests over a data folder, writing an H2 file warehouse in it. */
final class LocalLaunchers {

  private LocalLaunchers() {}

  /** The pipeline's target: the emulator's subscription and the H2 warehouse in {@code dataDir}. */
  static PipelineTarget jdbcTarget(Path dataDir) {
    String url =
        "jdbc:h2:file:" + dataDir.resolve("warehouse").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    return new PipelineTarget(
        "demo-project", "users-pipeline", "localhost:8085", false, "", url, "", "");
  }

  /** DirectRunner properties; the Flink ones are tested in {@link LocalLauncherFlinkTests}. */
  static LocalProperties directRunner(
      Path dataDir,
      Path jar,
      String source,
      List<String> jvmOptions,
      List<String> extraArgs,
      Duration grace) {
    return new LocalProperties(
        dataDir,
        jar,
        source,
        jvmOptions,
        extraArgs,
        Duration.ofSeconds(60),
        grace,
        "direct",
        Duration.ofSeconds(10),
        5,
        Duration.ofSeconds(5));
  }

  static LocalLauncher launcher(LocalProperties properties, Path dataDir) {
    return new LocalLauncher(
        properties, jdbcTarget(dataDir), Clock.systemUTC(), new SimpleMeterRegistry());
  }

  static JobService jobs(LocalLauncher launcher, JobsProperties jobs) {
    return new JobService(launcher, jobs, new SimpleMeterRegistry(), Clock.systemUTC());
  }
}
