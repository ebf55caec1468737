package io.demostream.control.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.local.LocalProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a local job's state never changes it: an exit no callback reported shows as pending until
 * the supervisor's sweep records it.
 */
class LocalJobSupervisorTests {

  @TempDir Path dataDir;

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private LocalJobRegistry registry;
  private LocalJobStates states;
  private LocalJobSupervisor supervisor;

  @BeforeEach
  void setUp() {
    Path jobsDir = dataDir.resolve("jobs");
    LocalProperties properties =
        new LocalProperties(
            dataDir,
            dataDir.resolve("pipeline.jar"),
            "synthetic",
            List.of(),
            List.of(),
            Duration.ofSeconds(60),
            Duration.ofSeconds(2),
            "direct",
            Duration.ofSeconds(10),
            5,
            Duration.ofSeconds(5));
    PipelineTarget target =
        new PipelineTarget(
            "demo-project", "users-pipeline", "", false, "", "jdbc:h2:mem:x", "", "");
    registry = new LocalJobRegistry(jobsDir.resolve("local-jobs.json"));
    ChildProcesses processes = new ChildProcesses(target);
    RestartPolicy policy = new RestartPolicy(5, Duration.ofSeconds(5), Duration.ofMinutes(5));
    states = new LocalJobStates(properties, processes, policy, Clock.systemUTC());
    supervisor =
        new LocalJobSupervisor(
            properties,
            registry,
            processes,
            new PipelineCommand(properties, target, jobsDir),
            new EmbeddedFlinkDrain(registry, processes, jobsDir, Clock.systemUTC(), scheduler),
            policy,
            jobsDir,
            Clock.systemUTC(),
            new SimpleMeterRegistry(),
            scheduler);
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  /** Registers a DirectRunner job whose process is {@code pid}, as a previous instance left it. */
  private LocalJobRegistry.Entry register(String id, ProcessHandle process) {
    Path jobsDir = dataDir.resolve("jobs");
    LocalJobRegistry.Entry entry =
        new LocalJobRegistry.Entry(
            id,
            id,
            process.pid(),
            process.info().startInstant().orElse(null),
            Clock.systemUTC().instant(),
            Map.of(),
            null,
            jobsDir.resolve(id + ".log"),
            jobsDir.resolve(id + ".drain"),
            null,
            null,
            false,
            "direct",
            null);
    registry.add(entry);
    return entry;
  }

  @Test
  void aReadAfterAProcessExitChangesNothingAndTheSupervisorRecordsIt() throws Exception {
    Process process = new ProcessBuilder("true").start();
    ProcessHandle handle = process.toHandle();
    process.waitFor();
    LocalJobRegistry.Entry entry = register("job-1", handle);

    // Read twice, as GET /api/v1/jobs would: nobody has recorded the exit, and reading does not.
    assertThat(states.toLaunchedJob(entry).state()).isEqualTo(JobState.PENDING);
    assertThat(states.toLaunchedJob(registry.find("job-1").orElseThrow()).state())
        .isEqualTo(JobState.PENDING);
    assertThat(registry.find("job-1").orElseThrow().finalState()).isNull();

    supervisor.sweep();

    // Its exit code is lost with its parent, so the DirectRunner job is recorded as failed.
    assertThat(registry.find("job-1").orElseThrow().finalState()).isEqualTo(JobState.FAILED);
    assertThat(states.toLaunchedJob(registry.find("job-1").orElseThrow()).state())
        .isEqualTo(JobState.FAILED);
  }

  @Test
  void theSweepLeavesALiveProcessAlone() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      register("job-2", sleeper.toHandle());

      supervisor.sweep();

      assertThat(registry.find("job-2").orElseThrow().finalState()).isNull();
    } finally {
      sleeper.destroyForcibly();
    }
  }
}
