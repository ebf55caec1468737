package io.demostream.control.jobs.flinkcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demostream.control.jobs.JobLaunchException;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.JobView;
import io.demostream.control.jobs.JobsProperties;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.jobs.StartJobRequest;
import io.demostream.control.jobs.flink.FlinkRestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink cluster launcher against a real Flink 1.19 {@link MiniCluster} with its REST API (and
 * the web submission handlers of {@code flink-runtime-web}) started in this test on a free port.
 * The job is {@link TinyStreamingJob}, uploaded as a jar built here: the bundled pipeline jar would
 * make every run of this test upload 200 MB and start Beam inside the test JVM.
 */
class FlinkClusterLauncherTests {

  private static final JobsProperties JOBS =
      new JobsProperties(
          "demostream", Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMillis(200));

  @TempDir static Path dir;

  private static MiniCluster cluster;
  private static URI restUrl;
  private static Path jobJar;

  @BeforeAll
  static void startCluster() throws Exception {
    Configuration configuration = new Configuration();
    configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    configuration.set(RestOptions.ADDRESS, "127.0.0.1");
    configuration.set(RestOptions.BIND_PORT, "0");
    configuration.set(WebOptions.UPLOAD_DIR, dir.resolve("uploads").toString());
    cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .build());
    cluster.start();
    restUrl = cluster.getRestAddress().get();
    jobJar = tinyJobJar(dir.resolve("tiny-job.jar"));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A jar of {@link TinyStreamingJob}'s classes, with it as the manifest's main class. */
  private static Path tinyJobJar(Path jar) throws Exception {
    Path classes =
        Path.of(TinyStreamingJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String packagePath = TinyStreamingJob.class.getPackageName().replace('.', '/');
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, TinyStreamingJob.class.getName());
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out, manifest);
        Stream<Path> files = Files.list(classes.resolve(packagePath))) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith("TinyStreamingJob")).toList()) {
        jarOut.putNextEntry(new JarEntry(packagePath + "/" + file.getFileName()));
        jarOut.write(Files.readAllBytes(file));
        jarOut.closeEntry();
      }
    }
    return jar;
  }

  private static FlinkClusterProperties properties(URI url, String jarId, int maxAttempts) {
    return new FlinkClusterProperties(
        url,
        jarId,
        jobJar,
        "",
        "synthetic",
        1,
        Duration.ofMillis(500),
        "",
        dir.resolve("savepoints").toUri().toString(),
        List.of(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        maxAttempts,
        Duration.ofMillis(50));
  }

  private static FlinkClusterLauncher launcher(FlinkClusterProperties properties) {
    return launcher(properties, new SimpleMeterRegistry());
  }

  private static FlinkClusterLauncher launcher(
      FlinkClusterProperties properties, SimpleMeterRegistry meters) {
    FlinkRestClient rest =
        new FlinkRestClient(
            properties.restUrl(), properties.requestTimeout(), properties.submitTimeout());
    PipelineTarget target =
        new PipelineTarget(
            "demo-project", "users-pipeline", "", false, "", "jdbc:h2:mem:w", "", "secret");
    return new FlinkClusterLauncher(rest, properties, target, Clock.systemUTC(), meters);
  }

  private static JobService jobs(FlinkClusterLauncher launcher) {
    return new JobService(launcher, JOBS, new SimpleMeterRegistry(), Clock.systemUTC());
  }

  @Test
  void jobStartsRunsDrainsAndIsFoundAgainByARestartedLauncher() throws IOException {
    JobService jobs = jobs(launcher(properties(restUrl, "", 3)));

    JobView job = jobs.start(new StartJobRequest(null, "5s", null, "0s", "1s", null, true));

    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    assertThat(job.launcher()).isEqualTo("flink");
    assertThat(job.runner()).isEqualTo("flink");
    FlinkRestClient rest =
        new FlinkRestClient(restUrl, Duration.ofSeconds(5), Duration.ofSeconds(5));
    assertThat(rest.job(job.id()).orElseThrow().name()).isEqualTo(job.name());
    // The program arguments reached the job; never the JDBC password.
    assertThat(rest.userConfig(job.id()))
        .containsEntry("runner", "FlinkRunner")
        .containsEntry("jobName", job.name())
        .containsEntry("windowSize", "5s")
        .containsEntry("parallelism", "1")
        .doesNotContainValue("secret");

    // A new launcher knows nothing but the cluster: it finds the job by its name prefix.
    JobService restarted = jobs(launcher(properties(restUrl, "", 3)));
    assertThat(restarted.activeJobId()).contains(job.id());
    assertThat(restarted.get(job.id()).parameters())
        .containsEntry("windowSize", "5s")
        .containsEntry("earlyFiringInterval", "1s");

    JobView drained = restarted.drain(job.id());

    assertThat(drained.state()).as(drained::statusMessage).isEqualTo(JobState.DRAINED);
    assertThat(drained.statusMessage()).startsWith("Drained; its savepoint is at file:");
    assertThat(restarted.activeJobId()).isEmpty();
    // Stop-with-savepoint wrote its savepoint where configured.
    try (Stream<Path> savepoints = Files.list(dir.resolve("savepoints"))) {
      assertThat(savepoints.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith("savepoint-"));
    }
    // Found again after it ended, still drained.
    assertThat(jobs(launcher(properties(restUrl, "", 3))).get(job.id()).state())
        .isEqualTo(JobState.DRAINED);
  }

  @Test
  void cancelledJobEndsCancelledAndAnUploadedJarCanBeReused() {
    FlinkRestClient rest =
        new FlinkRestClient(restUrl, Duration.ofSeconds(5), Duration.ofSeconds(60));
    String jarId = rest.uploadJar(jobJar);
    JobService jobs = jobs(launcher(properties(restUrl, jarId, 3)));
    JobView job = jobs.start(new StartJobRequest(null, null, null, null, null, null, true));
    assertThat(job.state()).isEqualTo(JobState.RUNNING);

    JobView cancelled = jobs.cancel(job.id());

    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertThat(jobs.activeJobId()).isEmpty();
  }

  @Test
  void unknownJobIdIsNotFound() {
    FlinkClusterLauncher launcher = launcher(properties(restUrl, "", 3));

    assertThat(launcher.find("0123456789abcdef0123456789abcdef")).isEmpty();
    assertThat(launcher.find("not-a-flink-id")).isEmpty();
  }

  @Test
  void unreachableClusterIsRetriedThenUnavailable() throws IOException {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    FlinkClusterLauncher launcher =
        launcher(properties(URI.create("http://127.0.0.1:" + closedPort), "", 3), meters);

    assertThatThrownBy(() -> launcher.list("demostream"))
        .isInstanceOfSatisfying(
            FlinkClusterException.class, e -> assertThat(e.isUnavailable()).isTrue())
        .hasMessageContaining("got no answer");
    assertThat(meters.counter("demostream.flink.retries").count()).isEqualTo(2.0);
  }

  @Test
  void refusedRunIsALaunchFailureNamingFlinksReason() {
    JobService jobs = jobs(launcher(properties(restUrl, "no-such-jar.jar", 3)));

    assertThatThrownBy(() -> jobs.start(StartJobRequest.defaults()))
        .isInstanceOf(JobLaunchException.class)
        .hasMessageContaining("run jar no-such-jar.jar failed with");
  }
}
