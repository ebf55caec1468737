package io.demostream.control.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.JobView;
import io.demostream.control.jobs.JobsProperties;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.jobs.StartJobRequest;
import io.demostream.control.local.LocalProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local launcher on its default runner, an embedded Flink cluster, with {@link
 * FakeFlinkPipeline} as the child process: it serves the Flink REST endpoints the launcher uses and
 * writes checkpoints like Flink, and starts in a fraction of a second where a real embedded cluster
 * takes 10 to 15. The real pipeline on Flink is run by {@link LocalLauncherTests}.
 */
class LocalLauncherFlinkTests {

  private static final JobsProperties JOBS =
      new JobsProperties(
          "demostream", Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMillis(100));

  @TempDir Path dataDir;

  private Path fakeJar;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private LocalLauncher launcher;

  @BeforeEach
  void fakePipelineJar() throws IOException, URISyntaxException {
    // A jar with only a manifest: its main class and class path are the test classes.
    Path testClasses =
        Path.of(
            FakeFlinkPipeline.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeFlinkPipeline.class.getName());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, testClasses.toUri().toString());
    fakeJar = dataDir.resolve("fake-pipeline.jar");
    try (OutputStream out = Files.newOutputStream(fakeJar);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      jar.flush();
    }
  }

  @AfterEach
  void stopEverything() {
    if (launcher != null) {
      launcher.list("").forEach(job -> launcher.cancel(job.id()));
      launcher.close();
    }
  }

  private JobService jobs(int maxRestarts, List<String> extraArgs) {
    launcher =
        new LocalLauncher(properties(maxRestarts, extraArgs), target(), Clock.systemUTC(), meters);
    return new JobService(launcher, JOBS, meters, Clock.systemUTC());
  }

  private LocalProperties properties(int maxRestarts, List<String> extraArgs) {
    return new LocalProperties(
        dataDir,
        fakeJar,
        "synthetic",
        List.of("-Xmx64m"),
        extraArgs,
        Duration.ofSeconds(20),
        Duration.ofSeconds(1),
        "flink",
        Duration.ofSeconds(1),
        maxRestarts,
        Duration.ofMillis(200));
  }

  private PipelineTarget target() {
    return new PipelineTarget(
        "demo-project", "users-pipeline", "", false, "", "jdbc:h2:mem:unused", "", "");
  }

  private JobView startAndAwaitRunning(JobService jobs) {
    JobView job = jobs.start(new StartJobRequest(null, "5s", null, "0s", "1s", null, true));
    assertThat(job.state()).as(() -> log(job)).isEqualTo(JobState.RUNNING);
    return job;
  }

  @Test
  void jobRunsOnTheEmbeddedClusterAndDrainsThroughItsRestApi() throws IOException {
    JobService jobs = jobs(3, List.of());

    JobView job = startAndAwaitRunning(jobs);

    assertThat(job.runner()).isEqualTo("flink");
    assertThat(job.restarts()).isZero();
    String config =
        Files.readString(
            dataDir.resolve("jobs").resolve(job.name()).resolve("flink-conf/config.yaml"));
    assertThat(config)
        .contains("rest.port: ", "state.checkpoints.dir: 'file:")
        .doesNotContain("execution.savepoint.path");

    JobView drained = jobs.drain(job.id());

    assertThat(drained.state()).as(() -> log(job)).isEqualTo(JobState.DRAINED);
    assertThat(log(job)).contains("stop, drain=true");
  }

  @Test
  void cancelGoesThroughFlinkAndEndsCancelled() {
    JobService jobs = jobs(3, List.of());
    JobView job = startAndAwaitRunning(jobs);

    JobView cancelled = jobs.cancel(job.id());

    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertThat(log(job)).contains("fake flink pipeline: cancel");
    assertThat(jobs.activeJobId()).isEmpty();
  }

  @Test
  void killedProcessIsRestartedFromItsLatestCheckpoint() throws IOException {
    JobService jobs = jobs(3, List.of());
    JobView job = startAndAwaitRunning(jobs);
    Path checkpoints = dataDir.resolve("jobs").resolve(job.name()).resolve("checkpoints");
    await().atMost(Duration.ofSeconds(10)).until(() -> countCheckpoints(checkpoints) >= 2);

    long firstPid = registeredPid(job.id());
    assertThat(arguments(firstPid)).doesNotContain("--restoreLatestCheckpoint=true");
    ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> jobs.get(job.id()).restarts() == 1 && registeredPid(job.id()) != firstPid);
    // The pipeline finds and restores the latest checkpoint; the launcher only asks it to.
    assertThat(arguments(registeredPid(job.id()))).contains("--restoreLatestCheckpoint=true");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> jobs.get(job.id()).state() == JobState.RUNNING);
    // What it restored is what Flink reports, once the restored job runs.
    awaitOneRestart(meters, "restored");
    JobView restarted = jobs.get(job.id());
    assertThat(restarted.statusMessage())
        .contains("Restarted 1 time")
        .containsPattern("restored from checkpoint file:.*/chk-\\d+");
    assertThat(log(job)).contains("fake flink pipeline: restored from");
    String config =
        Files.readString(
            dataDir.resolve("jobs").resolve(job.name()).resolve("flink-conf/config.yaml"));
    assertThat(config).doesNotContain("execution.savepoint.path");

    // The restored job drains like the first one.
    assertThat(jobs.drain(job.id()).state()).isEqualTo(JobState.DRAINED);
  }

  @Test
  void killedProcessWithoutACheckpointIsRestartedWithoutStateAndSaysSo() {
    JobService jobs = jobs(3, List.of("--fakeNoCheckpoints=true"));
    JobView job = startAndAwaitRunning(jobs);
    long firstPid = registeredPid(job.id());

    ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

    awaitOneRestart(meters, "fresh");
    JobView restarted = jobs.get(job.id());
    assertThat(restarted.state()).isEqualTo(JobState.RUNNING);
    assertThat(restarted.statusMessage())
        .contains("Restarted 1 time", "started without state: the job had no completed checkpoint");
  }

  @Test
  void restartWhoseRestoreWasNotYetReadIsReadByTheNextServiceInstance() {
    JobService jobs = jobs(3, List.of());
    JobView job = startAndAwaitRunning(jobs);
    // As if this service restarted the process and went away before Flink said what it restored.
    launcher.close();
    new LocalJobRegistry(dataDir.resolve("jobs").resolve("local-jobs.json"))
        .update(job.id(), e -> e.withFlink(e.flink().restarted(e.flink().restPort())));

    SimpleMeterRegistry comebackMeters = new SimpleMeterRegistry();
    launcher =
        new LocalLauncher(properties(3, List.of()), target(), Clock.systemUTC(), comebackMeters);
    launcher.superviseRegisteredJobs();

    // The running job restored nothing (it never really restarted), and Flink says so.
    awaitOneRestart(comebackMeters, "fresh");
    assertThat(
            new JobService(launcher, JOBS, comebackMeters, Clock.systemUTC())
                .get(job.id())
                .statusMessage())
        .contains("started without state");
  }

  @Test
  void processThatKeepsDyingIsFailedAfterTheLastRestart() {
    JobService jobs = jobs(2, List.of("--fakeCrashAfterMs=1500"));
    JobView job = startAndAwaitRunning(jobs);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> jobs.get(job.id()).state() == JobState.FAILED);

    JobView failed = jobs.get(job.id());
    assertThat(failed.restarts()).isEqualTo(2);
    assertThat(failed.statusMessage()).contains("after 2 restarts", "not restarted again");
    assertThat(
            meters
                .counter("demostream.jobs.local.restarts", "runner", "flink", "outcome", "gave-up")
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void drainOfAJobWaitingForItsRestartRestartsItAndDrainsIt() {
    JobService jobs = jobs(3, List.of());
    JobView job = startAndAwaitRunning(jobs);
    long firstPid = registeredPid(job.id());
    // A long backoff, so that the drain arrives while the restart is pending.
    launcher.close();
    LocalProperties slow =
        new LocalProperties(
            dataDir,
            fakeJar,
            "synthetic",
            List.of("-Xmx64m"),
            List.of(),
            Duration.ofSeconds(20),
            Duration.ofSeconds(1),
            "flink",
            Duration.ofSeconds(1),
            3,
            Duration.ofSeconds(2));
    launcher = new LocalLauncher(slow, target(), Clock.systemUTC(), meters);
    JobService restartedService = new JobService(launcher, JOBS, meters, Clock.systemUTC());
    launcher.superviseRegisteredJobs();
    Path checkpoints = dataDir.resolve("jobs").resolve(job.name()).resolve("checkpoints");
    await().atMost(Duration.ofSeconds(10)).until(() -> countCheckpoints(checkpoints) >= 1);

    ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> restartedService.get(job.id()).statusMessage() != null);
    assertThat(restartedService.get(job.id()).statusMessage()).contains("is due at");

    JobView drained = restartedService.drain(job.id());

    assertThat(drained.state()).as(() -> log(job)).isEqualTo(JobState.DRAINED);
    assertThat(drained.restarts()).isEqualTo(1);
    assertThat(log(job)).contains("restored from", "stop, drain=true");
  }

  @Test
  void processThatDiedWhileTheServiceWasDownIsRestartedWhenItComesBack() {
    JobService jobs = jobs(3, List.of());
    JobView job = startAndAwaitRunning(jobs);
    long firstPid = registeredPid(job.id());
    // The service goes away; its child dies meanwhile.
    launcher.close();
    ProcessHandle first = ProcessHandle.of(firstPid).orElseThrow();
    first.destroyForcibly();
    await().atMost(Duration.ofSeconds(10)).until(() -> !first.isAlive());

    JobService comeback = jobs(3, List.of());
    launcher.superviseRegisteredJobs();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> comeback.get(job.id()).state() == JobState.RUNNING);
    assertThat(comeback.get(job.id()).restarts()).isEqualTo(1);
    assertThat(comeback.activeJobId()).contains(job.id());
  }

  /** The command-line arguments of a running process (Linux gives them all). */
  private static List<String> arguments(long pid) {
    return List.of(
        ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow(AssertionError::new));
  }

  private long registeredPid(String id) {
    return new LocalJobRegistry(dataDir.resolve("jobs").resolve("local-jobs.json"))
        .find(id)
        .orElseThrow()
        .pid();
  }

  private static long countCheckpoints(Path checkpoints) throws IOException {
    if (!Files.isDirectory(checkpoints)) {
      return 0;
    }
    try (var files = Files.walk(checkpoints)) {
      return files.filter(p -> p.getFileName().toString().equals("_metadata")).count();
    }
  }

  private String log(JobView job) {
    try {
      return Files.readString(dataDir.resolve("jobs").resolve(job.name() + ".log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * Waits until {@code meters} counted one restart of the embedded-Flink job with {@code outcome}.
   */
  private static void awaitOneRestart(SimpleMeterRegistry meters, String outcome) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                meters
                        .counter(
                            "demostream.jobs.local.restarts", "runner", "flink", "outcome", outcome)
                        .count()
                    == 1.0);
  }
}
