package io.demostream.control.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demostream.control.jobs.JobLaunchException;
import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobsProperties;
import io.demostream.control.jobs.StartJobRequest;
import io.demostream.control.local.LocalProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the local launcher does before any process runs: the pipeline's command line, and a missing
 * jar explained with nothing registered. The running pipeline is in {@link LocalLauncherTests}.
 */
class LocalLauncherCommandTests {

  @TempDir Path dataDir;

  private static final JobsProperties JOBS =
      new JobsProperties(
          "demostream", Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMillis(200));

  private LocalLauncher launcher(LocalProperties properties) {
    return LocalLaunchers.launcher(properties, dataDir);
  }

  private LocalProperties directRunner(
      Path jar, String source, List<String> jvmOptions, List<String> extraArgs, Duration grace) {
    return LocalLaunchers.directRunner(dataDir, jar, source, jvmOptions, extraArgs, grace);
  }

  @Test
  void commandLineCarriesThePipelineOptions() {
    LocalLauncher launcher =
        launcher(
            directRunner(
                LocalLauncherTests.PIPELINE_JAR,
                "pubsub",
                List.of("-Xmx256m"),
                List.of("--seed=7"),
                Duration.ofSeconds(5)));
    JobParameters parameters =
        new StartJobRequest("sliding", "2m", "30s", "1m", "10s", null, null).toParameters();
    Path drain = dataDir.resolve("x.drain");

    List<String> command =
        launcher.command(
            "job-1",
            Path.of("/p.jar"),
            parameters,
            List.of("--runner=DirectRunner", "--drainSignalFile=" + drain));

    assertThat(command.get(0)).endsWith("/bin/java");
    assertThat(command)
        .containsSubsequence("-Xmx256m", "-jar", "/p.jar")
        .contains(
            "--runner=DirectRunner",
            "--project=demo-project",
            "--source=pubsub",
            "--inputSubscription=projects/demo-project/subscriptions/users-pipeline",
            "--pubsubRootUrl=http://localhost:8085",
            "--windowType=sliding",
            "--windowSize=120s",
            "--windowPeriod=30s",
            "--allowedLateness=60s",
            "--earlyFiringInterval=10s",
            "--sink=jdbc",
            "--jdbcUrl=" + LocalLaunchers.jdbcTarget(dataDir).jdbcUrl(),
            "--drainSignalFile=" + drain,
            "--incarnationId=job-1")
        .endsWith("--seed=7");
  }

  @Test
  void missingJarIsExplainedAndNothingIsRegistered() {
    JobService jobs =
        LocalLaunchers.jobs(
            launcher(
                directRunner(
                    dataDir.resolve("none.jar"),
                    "synthetic",
                    List.of(),
                    List.of(),
                    Duration.ofSeconds(5))),
            JOBS);

    assertThatThrownBy(() -> jobs.start(StartJobRequest.defaults()))
        .isInstanceOf(JobLaunchException.class)
        .hasMessageContaining("none.jar")
        .hasMessageContaining("pipeline");
    assertThat(jobs.list()).isEmpty();
    assertThat(Files.exists(dataDir.resolve("jobs").resolve("local-jobs.json"))).isFalse();
  }
}
