package io.demostream.control.jobs;

import io.demostream.control.local.LocalProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pipeline's bundled jar as a child JVM on the DirectRunner, writing its output to a log
 * file in the data folder. Cancel destroys the process tree; drain creates the file passed as
 * {@code --drainSignalFile}, on which the pipeline stops reading, flushes its open windows and
 * exits, and destroys the process only if it has not exited within {@code
 * demostream.local.drain-timeout}. Jobs are remembered in a {@link LocalJobRegistry} so that they
 * are found again after a restart.
 */
public class LocalLauncher implements PipelineLauncher {

  private static final Logger log = LoggerFactory.getLogger(LocalLauncher.class);
  // After a polite termination request, how long before the process is killed.
  private static final Duration KILL_GRACE = Duration.ofSeconds(10);

  private final LocalProperties properties;
  private final PipelineTarget target;
  private final Path jobsDir;
  private final LocalJobRegistry registry;
  private final Clock clock;
  // Processes started by this instance; after a restart only ProcessHandles are available.
  private final Map<String, Process> children = new ConcurrentHashMap<>();

  public LocalLauncher(LocalProperties properties, PipelineTarget target, Clock clock) {
    this.properties = properties;
    this.target = target;
    this.jobsDir = properties.dataDir().toAbsolutePath().normalize().resolve("jobs");
    this.registry = new LocalJobRegistry(jobsDir.resolve("local-jobs.json"));
    this.clock = clock;
  }

  @Override
  public String type() {
    return "local";
  }

  @Override
  public LaunchedJob launch(String name, Map<String, String> labels, JobParameters parameters) {
    Path jar = properties.pipelineJar().toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "The pipeline jar "
              + jar
              + " does not exist: build it with ./mvnw -pl pipeline package, or set"
              + " demostream.local.pipeline-jar");
    }
    Path logFile = jobsDir.resolve(name + ".log");
    Path drainSignalFile = jobsDir.resolve(name + ".drain");
    List<String> command = command(name, jar, parameters, drainSignalFile);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    if (target.jdbcPassword() != null && !target.jdbcPassword().isBlank()) {
      // Through the environment, so the password stays out of the process list.
      builder.environment().put(PipelineTarget.JDBC_PASSWORD_ENV, target.jdbcPassword());
    }
    Process process;
    try {
      Files.createDirectories(jobsDir);
      Files.deleteIfExists(drainSignalFile);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the pipeline process", e);
    }
    Instant createdAt = clock.instant();
    LocalJobRegistry.Entry entry =
        new LocalJobRegistry.Entry(
            name,
            name,
            process.pid(),
            process.info().startInstant().orElse(null),
            createdAt,
            labels,
            logFile,
            drainSignalFile,
            null,
            null,
            false);
    registry.add(entry);
    children.put(name, process);
    process.onExit().thenAccept(exited -> recordExit(name, exited.exitValue()));
    log.info("Started local pipeline job {} (pid {}), log {}", name, process.pid(), logFile);
    return toLaunchedJob(entry);
  }

  /**
   * The child's command line: the pipeline options, then any extra ones. The job name is the
   * pipeline's incarnation id (its rows' {@code job_id}); a restart that restores the pipeline's
   * state must pass it unchanged, a fresh start must not.
   */
  List<String> command(String name, Path jar, JobParameters parameters, Path drainSignalFile) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(properties.jvmOptions().stream().filter(s -> !s.isBlank()).toList());
    command.add("-jar");
    command.add(jar.toString());
    command.add("--runner=DirectRunner");
    if (target.projectId() != null && !target.projectId().isBlank()) {
      command.add("--project=" + target.projectId());
    }
    if ("synthetic".equals(properties.source())) {
      command.add("--source=synthetic");
    } else {
      command.add("--source=pubsub");
      command.add("--inputSubscription=" + target.subscriptionPath());
      if (target.usesEmulator()) {
        command.add("--pubsubRootUrl=http://" + target.pubsubEmulatorHost());
      }
    }
    parameters.pipelineOptions().forEach((option, value) -> command.add(option(option, value)));
    target.sinkOptions().forEach((option, value) -> command.add(option(option, value)));
    command.add("--drainSignalFile=" + drainSignalFile);
    command.add(option(JobParameters.INCARNATION_OPTION, name));
    command.addAll(properties.extraArgs().stream().filter(s -> !s.isBlank()).toList());
    return command;
  }

  private static String option(String name, String value) {
    return "--" + name + "=" + value;
  }

  @Override
  public Optional<LaunchedJob> find(String id) {
    return registry.find(id).map(this::toLaunchedJob);
  }

  @Override
  public List<LaunchedJob> list(String namePrefix) {
    return registry.all().stream()
        .filter(entry -> entry.name().startsWith(namePrefix))
        .map(this::toLaunchedJob)
        .sorted(Comparator.comparing(LaunchedJob::createdAt).reversed())
        .toList();
  }

  @Override
  public void cancel(String id) {
    registry
        .update(id, entry -> entry.withRequestedState(JobState.CANCELLED))
        .flatMap(this::liveProcess)
        .ifPresent(LocalLauncher::destroyTree);
  }

  @Override
  public void drain(String id) {
    Optional<LocalJobRegistry.Entry> entry =
        registry.update(id, e -> e.withRequestedState(JobState.DRAINED));
    if (entry.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> process = liveProcess(entry.get());
    if (process.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(entry.get().drainSignalFile().getParent());
      Files.writeString(entry.get().drainSignalFile(), clock.instant().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the drain signal file", e);
    }
    // If the pipeline has not flushed and exited in time, stop it the hard way.
    process
        .get()
        .onExit()
        .orTimeout(properties.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            timeout -> {
              log.warn(
                  "Local job {} did not drain within {}; destroying it",
                  id,
                  properties.drainTimeout());
              registry.update(id, LocalJobRegistry.Entry::markForced);
              destroyTree(process.get());
              return null;
            });
  }

  private LaunchedJob toLaunchedJob(LocalJobRegistry.Entry entry) {
    return new LaunchedJob(
        entry.id(), entry.name(), currentState(entry), entry.createdAt(), entry.labels());
  }

  private JobState currentState(LocalJobRegistry.Entry entry) {
    if (entry.finalState() != null) {
      return entry.finalState();
    }
    if (liveProcess(entry).isPresent()) {
      if (entry.requestedState() == JobState.CANCELLED) {
        return JobState.CANCELLING;
      }
      if (entry.requestedState() == JobState.DRAINED) {
        return JobState.DRAINING;
      }
      boolean starting =
          clock.instant().isBefore(entry.createdAt().plus(properties.startupGrace()));
      return starting ? JobState.PENDING : JobState.RUNNING;
    }
    Process child = children.get(entry.id());
    if (child != null && !child.isAlive()) {
      // Exited, but the exit callback has not recorded it yet.
      return finalState(entry, child.exitValue());
    }
    // Gone while this service was not watching: the exit code is lost.
    JobState state = finalState(entry, -1);
    registry.update(entry.id(), e -> e.finalState() == null ? e.withFinalState(state) : e);
    return state;
  }

  private void recordExit(String id, int exitCode) {
    registry
        .update(
            id,
            entry ->
                entry.finalState() == null
                    ? entry.withFinalState(finalState(entry, exitCode))
                    : entry)
        .ifPresent(
            entry ->
                log.info("Local job {} exited with code {}: {}", id, exitCode, entry.finalState()));
    children.remove(id);
  }

  private static JobState finalState(LocalJobRegistry.Entry entry, int exitCode) {
    if (entry.requestedState() == JobState.CANCELLED || entry.forced()) {
      return JobState.CANCELLED;
    }
    if (entry.requestedState() == JobState.DRAINED) {
      return JobState.DRAINED;
    }
    return exitCode == 0 ? JobState.DONE : JobState.FAILED;
  }

  /** The job's process if it is still alive and really the one started (not a reused pid). */
  private Optional<ProcessHandle> liveProcess(LocalJobRegistry.Entry entry) {
    Process child = children.get(entry.id());
    if (child != null) {
      return child.isAlive() ? Optional.of(child.toHandle()) : Optional.empty();
    }
    return ProcessHandle.of(entry.pid())
        .filter(ProcessHandle::isAlive)
        .filter(
            handle ->
                entry.processStart() == null
                    || handle.info().startInstant().map(entry.processStart()::equals).orElse(true));
  }

  private static void destroyTree(ProcessHandle process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    CompletableFuture<ProcessHandle> exit = process.onExit();
    exit.orTimeout(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            timeout -> {
              process.descendants().forEach(ProcessHandle::destroyForcibly);
              process.destroyForcibly();
              return null;
            });
  }
}
