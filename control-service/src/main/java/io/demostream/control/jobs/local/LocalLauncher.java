package io.demostream.control.jobs.local;

import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.PipelineArguments;
import io.demostream.control.jobs.PipelineLauncher;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.jobs.RunnerStatus;
import io.demostream.control.local.LocalProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pipeline's bundled jar as a child JVM, writing its output to a log file in the data
 * folder, on the runner {@code demostream.local.runner} names.
 *
 * <p>{@code flink} (the default): the pipeline runs on an embedded Flink cluster in the child
 * process ({@link EmbeddedFlink}) with checkpointing on. Drain is Flink's stop with drain through
 * the embedded REST API (every window fires, the job finishes, the process exits), cancel is
 * Flink's cancel, and the state is the one the REST API reports. A process that dies without being
 * asked to stop is restarted from the job's latest completed checkpoint, window state included (the
 * pipeline finds it: {@code --restoreLatestCheckpoint}), within the bounds of a {@link
 * RestartPolicy}; its restarts, and what Flink says each restored, show in the job's {@link
 * RunnerStatus} and as {@code demostream.jobs.local.restarts}.
 *
 * <p>{@code direct}: the DirectRunner, whose state lives in memory only, so a process that dies is
 * not restarted. Drain creates the file passed as {@code --drainSignalFile}, on which the pipeline
 * stops reading, flushes its open windows and exits.
 *
 * <p>On both, a draining pipeline that has not exited within {@code demostream.local.drain-timeout}
 * is destroyed. Jobs are remembered in a {@link LocalJobRegistry}, so that they are found again
 * after a restart of this service, and {@link #superviseRegisteredJobs} watches them again.
 *
 * <p>This class is the front: the command line is {@link PipelineCommand}'s, the child processes
 * {@link ChildProcesses}', the drain on Flink {@link EmbeddedFlinkDrain}'s, exits and restarts
 * {@link LocalJobSupervisor}'s (on its own schedule), and what a job looks like {@link
 * LocalJobStates}' (reads only).
 */
public class LocalLauncher implements PipelineLauncher, AutoCloseable {

  static final String FLINK = LocalJobStates.FLINK;
  static final String DIRECT = LocalJobStates.DIRECT;
  static final String DIRECT_RUNNER_NOTE = LocalJobStates.DIRECT_RUNNER_NOTE;

  private static final Logger log = LoggerFactory.getLogger(LocalLauncher.class);
  private static final Duration MAX_RESTART_BACKOFF = Duration.ofMinutes(5);

  private final LocalProperties properties;
  private final Path jobsDir;
  private final LocalJobRegistry registry;
  private final Clock clock;
  private final PipelineCommand command;
  private final ChildProcesses processes;
  private final EmbeddedFlinkDrain flinkDrain;
  private final LocalJobStates states;
  private final LocalJobSupervisor supervisor;
  // Supervision, restarts, drains waiting for a Flink job to run, and their timeouts.
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "local-launcher");
            thread.setDaemon(true);
            return thread;
          });

  public LocalLauncher(
      LocalProperties properties, PipelineTarget target, Clock clock, MeterRegistry meters) {
    this.properties = properties;
    this.jobsDir = properties.dataDir().toAbsolutePath().normalize().resolve("jobs");
    this.registry = new LocalJobRegistry(jobsDir.resolve("local-jobs.json"));
    this.clock = clock;
    RestartPolicy restartPolicy =
        new RestartPolicy(
            properties.maxRestarts(), properties.restartBackoff(), MAX_RESTART_BACKOFF);
    this.command = new PipelineCommand(properties, target, jobsDir);
    this.processes = new ChildProcesses(target);
    this.flinkDrain = new EmbeddedFlinkDrain(registry, processes, jobsDir, clock, scheduler);
    this.states = new LocalJobStates(properties, processes, restartPolicy, clock);
    this.supervisor =
        new LocalJobSupervisor(
            properties,
            registry,
            processes,
            command,
            flinkDrain,
            restartPolicy,
            jobsDir,
            clock,
            meters,
            scheduler);
    supervisor.startSweeping();
  }

  @Override
  public String backend() {
    return "local";
  }

  @Override
  public LaunchedJob launch(String name, Map<String, String> labels, JobParameters parameters) {
    return start(
        name,
        labels,
        parameters,
        runnerArgs -> command(name, command.pipelineJar(), parameters, runnerArgs));
  }

  /** The pipeline in batch over the files, on the configured runner; it exits when done. */
  @Override
  public LaunchedJob launchBackfill(
      String name,
      Map<String, String> labels,
      JobParameters parameters,
      PipelineArguments.FileInput input) {
    return start(
        name,
        labels,
        parameters,
        runnerArgs ->
            command.backfillCommand(name, command.pipelineJar(), parameters, input, runnerArgs));
  }

  private LaunchedJob start(
      String name,
      Map<String, String> labels,
      JobParameters parameters,
      Function<List<String>, List<String>> commandLine) {
    Path logFile = jobsDir.resolve(name + ".log");
    Path drainSignalFile = jobsDir.resolve(name + ".drain");
    LocalJobRegistry.FlinkProcess flink = null;
    List<String> runnerArgs;
    if (FLINK.equals(properties.runner())) {
      EmbeddedFlink embedded = new EmbeddedFlink(jobsDir.resolve(name));
      int restPort = EmbeddedFlink.freePort();
      embedded.writeConfig(restPort);
      runnerArgs = embedded.pipelineArgs(properties.checkpointInterval());
      flink = LocalJobRegistry.FlinkProcess.started(restPort);
    } else {
      runnerArgs = List.of("--runner=DirectRunner", "--drainSignalFile=" + drainSignalFile);
    }
    Process process;
    try {
      Files.createDirectories(jobsDir);
      Files.deleteIfExists(drainSignalFile);
      process = processes.start(commandLine.apply(runnerArgs), logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the pipeline process", e);
    }
    LocalJobRegistry.Entry entry =
        new LocalJobRegistry.Entry(
            name,
            name,
            process.pid(),
            process.info().startInstant().orElse(null),
            clock.instant(),
            labels,
            parameters,
            logFile,
            drainSignalFile,
            null,
            null,
            false,
            properties.runner(),
            flink);
    registry.add(entry);
    supervisor.watch(name, process);
    log.info(
        "Started local pipeline job {} on {} (pid {}), log {}",
        name,
        properties.runner(),
        process.pid(),
        logFile);
    return states.toLaunchedJob(entry);
  }

  /** The child's command line ({@link PipelineCommand}). */
  List<String> command(String name, Path jar, JobParameters parameters, List<String> runnerArgs) {
    return command.command(name, jar, parameters, runnerArgs);
  }

  @Override
  public Optional<LaunchedJob> find(String id) {
    return registry.find(id).map(states::toLaunchedJob);
  }

  @Override
  public List<LaunchedJob> list(String namePrefix) {
    return registry.all().stream()
        .filter(entry -> entry.name().startsWith(namePrefix))
        .map(states::toLaunchedJob)
        .sorted(Comparator.comparing(LaunchedJob::createdAt).reversed())
        .toList();
  }

  @Override
  public void cancel(String id) {
    Optional<LocalJobRegistry.Entry> entry =
        registry.update(id, e -> e.withRequestedState(JobState.CANCELLED));
    if (entry.isEmpty() || entry.get().finalState() != null) {
      return;
    }
    Optional<ProcessHandle> process = processes.live(entry.get());
    if (process.isEmpty()) {
      // Dead and waiting for a restart: the restart will see the request and not happen.
      supervisor.finish(id, JobState.CANCELLED);
      return;
    }
    if (entry.get().onFlink() && flinkDrain.cancel(entry.get())) {
      // Flink cancels the job, the pipeline's main returns and the process exits by itself.
      process
          .get()
          .onExit()
          .orTimeout(ChildProcesses.KILL_GRACE.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS)
          .exceptionally(
              timeout -> {
                log.warn("Local job {} did not exit after Flink cancelled it; destroying it", id);
                ChildProcesses.destroyTree(process.get());
                return null;
              });
      return;
    }
    ChildProcesses.destroyTree(process.get());
  }

  @Override
  public void drain(String id) {
    Optional<LocalJobRegistry.Entry> entry =
        registry.update(id, e -> e.withRequestedState(JobState.DRAINED));
    if (entry.isEmpty() || entry.get().finalState() != null) {
      return;
    }
    if (entry.get().onFlink()) {
      // A process waiting for its restart is drained once restarted (see the supervisor), so
      // that the windows in its checkpoint are flushed too.
      if (!LocalJobStates.restartScheduled(entry.get())) {
        flinkDrain.start(id, clock.instant().plus(properties.drainTimeout()));
      }
      return;
    }
    Optional<ProcessHandle> process = processes.live(entry.get());
    if (process.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(entry.get().drainSignalFile().getParent());
      Files.writeString(entry.get().drainSignalFile(), clock.instant().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the drain signal file", e);
    }
    flinkDrain.destroyIfNotExitedBy(id, process.get(), properties.drainTimeout());
  }

  /**
   * Where a live embedded-Flink job's figures can be read ({@link LocalFiguresReader}): its
   * cluster's REST endpoint and Flink job id. Empty for DirectRunner jobs and while no job runs in
   * the process (starting, restarting, ended).
   */
  public Optional<EmbeddedFlinkJob> embeddedFlinkJob(String id) {
    return registry
        .find(id)
        .filter(entry -> entry.flink() != null)
        .flatMap(
            entry ->
                flinkDrain
                    .runningJob(entry)
                    .map(
                        job ->
                            new EmbeddedFlinkJob(
                                URI.create("http://127.0.0.1:" + entry.flink().restPort()),
                                job.id())));
  }

  /**
   * A running job of an embedded Flink cluster.
   *
   * @param restUrl the cluster's REST endpoint on loopback
   * @param flinkJobId Flink's id of the job
   */
  public record EmbeddedFlinkJob(URI restUrl, String flinkJobId) {}

  /**
   * Watches the registered jobs again after this service (re)started ({@link LocalJobSupervisor}).
   */
  public void superviseRegisteredJobs() {
    supervisor.superviseRegisteredJobs();
  }

  /** Records exits no callback reported; runs every second on its own, callable for tests. */
  void sweep() {
    supervisor.sweep();
  }

  /** Stops watching; the pipeline processes keep running and are found again after a restart. */
  @Override
  public void close() {
    supervisor.close();
    scheduler.shutdownNow();
  }
}
