package io.demostream.control.jobs;

import io.demostream.control.jobs.flink.FlinkJob;
import io.demostream.control.jobs.flink.FlinkRestClient;
import io.demostream.control.jobs.flink.FlinkRestException;
import io.demostream.control.jobs.flink.SavepointOperation;
import io.demostream.control.local.LocalProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 */
public class LocalLauncher implements PipelineLauncher, AutoCloseable {

  static final String FLINK = "flink";
  static final String DIRECT = "direct";

  /** What a job on the DirectRunner shows, since that is where the choice matters. */
  static final String DIRECT_RUNNER_NOTE =
      "DirectRunner: window state lives only in the pipeline process's memory; if the process"
          + " dies it is not restarted and its open windows are lost. Use"
          + " demostream.local.runner=flink to restore from checkpoints.";

  private static final Logger log = LoggerFactory.getLogger(LocalLauncher.class);
  // After a polite termination request, how long before the process is killed.
  private static final Duration KILL_GRACE = Duration.ofSeconds(10);
  // How often a drain retries reaching a Flink job that is not running yet.
  private static final Duration DRAIN_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RESTART_BACKOFF = Duration.ofMinutes(5);

  private final LocalProperties properties;
  private final PipelineTarget target;
  private final Path jobsDir;
  private final LocalJobRegistry registry;
  private final Clock clock;
  private final MeterRegistry meters;
  private final RestartPolicy restartPolicy;
  // Processes started by this instance; after a restart only ProcessHandles are available.
  private final Map<String, Process> children = new ConcurrentHashMap<>();
  private volatile boolean closed;
  // Restarts, drains waiting for a Flink job to run, and their timeouts.
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
    this.target = target;
    this.jobsDir = properties.dataDir().toAbsolutePath().normalize().resolve("jobs");
    this.registry = new LocalJobRegistry(jobsDir.resolve("local-jobs.json"));
    this.clock = clock;
    this.meters = meters;
    this.restartPolicy =
        new RestartPolicy(
            properties.maxRestarts(), properties.restartBackoff(), MAX_RESTART_BACKOFF);
  }

  @Override
  public String type() {
    return "local";
  }

  private boolean onFlink() {
    return FLINK.equals(properties.runner());
  }

  @Override
  public LaunchedJob launch(String name, Map<String, String> labels, JobParameters parameters) {
    Path jar = pipelineJar();
    Path logFile = jobsDir.resolve(name + ".log");
    Path drainSignalFile = jobsDir.resolve(name + ".drain");
    LocalJobRegistry.FlinkProcess flink = null;
    List<String> runnerArgs;
    if (onFlink()) {
      EmbeddedFlink embedded = embedded(name);
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
      process = start(command(name, jar, parameters, runnerArgs), logFile);
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
            logFile,
            drainSignalFile,
            null,
            null,
            false,
            properties.runner(),
            flink);
    registry.add(entry);
    watch(name, process);
    log.info(
        "Started local pipeline job {} on {} (pid {}), log {}",
        name,
        properties.runner(),
        process.pid(),
        logFile);
    return toLaunchedJob(entry);
  }

  private Path pipelineJar() {
    Path jar = properties.pipelineJar().toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "The pipeline jar "
              + jar
              + " does not exist: build it with ./mvnw -pl pipeline package, or set"
              + " demostream.local.pipeline-jar");
    }
    return jar;
  }

  private Process start(List<String> command, Path logFile) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    if (target.jdbcPassword() != null && !target.jdbcPassword().isBlank()) {
      // Through the environment, so the password stays out of the process list.
      builder.environment().put(PipelineTarget.JDBC_PASSWORD_ENV, target.jdbcPassword());
    }
    return builder.start();
  }

  private void watch(String id, Process process) {
    children.put(id, process);
    process.onExit().thenAccept(exited -> processExited(id, exited.pid(), exited.exitValue()));
  }

  /**
   * The child's command line: the JVM, the pipeline's source and sink options, the job's
   * parameters, the runner's options, then any extra ones. The job name is the pipeline's
   * incarnation id (its rows' {@code job_id}): a restart that restores the pipeline's state passes
   * it unchanged, and a new job has a new name.
   */
  List<String> command(String name, Path jar, JobParameters parameters, List<String> runnerArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(properties.jvmOptions().stream().filter(s -> !s.isBlank()).toList());
    command.add("-jar");
    command.add(jar.toString());
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
    command.addAll(runnerArgs);
    command.add(option(JobParameters.INCARNATION_OPTION, name));
    // The pipeline rewrites its counters there every few seconds (LocalJobMetricsReader).
    command.add("--metricsFile=" + LocalJobMetricsReader.metricsFile(jobsDir, name));
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
    Optional<LocalJobRegistry.Entry> entry =
        registry.update(id, e -> e.withRequestedState(JobState.CANCELLED));
    if (entry.isEmpty() || entry.get().finalState() != null) {
      return;
    }
    Optional<ProcessHandle> process = liveProcess(entry.get());
    if (process.isEmpty()) {
      // Dead and waiting for a restart: the restart will see the request and not happen.
      finish(id, JobState.CANCELLED);
      return;
    }
    if (entry.get().onFlink() && cancelOnFlink(entry.get())) {
      // Flink cancels the job, the pipeline's main returns and the process exits by itself.
      process
          .get()
          .onExit()
          .orTimeout(KILL_GRACE.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS)
          .exceptionally(
              timeout -> {
                log.warn("Local job {} did not exit after Flink cancelled it; destroying it", id);
                destroyTree(process.get());
                return null;
              });
      return;
    }
    destroyTree(process.get());
  }

  private boolean cancelOnFlink(LocalJobRegistry.Entry entry) {
    try {
      List<FlinkJob> jobs = EmbeddedFlink.rest(entry.flink().restPort()).jobs();
      jobs.stream()
          .filter(job -> !job.isGloballyTerminal())
          .forEach(job -> EmbeddedFlink.rest(entry.flink().restPort()).cancel(job.id()));
      return !jobs.isEmpty();
    } catch (FlinkRestException e) {
      log.info("Cannot cancel local job {} through Flink ({}); destroying it", entry.id(), e);
      return false;
    }
  }

  @Override
  public void drain(String id) {
    Optional<LocalJobRegistry.Entry> entry =
        registry.update(id, e -> e.withRequestedState(JobState.DRAINED));
    if (entry.isEmpty() || entry.get().finalState() != null) {
      return;
    }
    if (entry.get().onFlink()) {
      // A process waiting for its restart is drained once restarted (see restart), so that the
      // windows in its checkpoint are flushed too.
      if (!restartScheduled(entry.get())) {
        Instant deadline = clock.instant().plus(properties.drainTimeout());
        scheduler.execute(() -> drainOnFlink(id, deadline));
      }
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
    destroyIfNotExitedBy(id, process.get(), properties.drainTimeout());
  }

  /**
   * Asks the embedded cluster to stop the job with drain once it runs (a job still starting cannot
   * take a savepoint), retrying until {@code deadline}; a job that could not be drained in time is
   * destroyed and reported {@code CANCELLED}.
   */
  private void drainOnFlink(String id, Instant deadline) {
    Optional<LocalJobRegistry.Entry> entry = registry.find(id);
    if (entry.isEmpty() || entry.get().finalState() != null) {
      return;
    }
    Optional<ProcessHandle> process = liveProcess(entry.get());
    if (process.isEmpty()) {
      // Exited: drained, or died and handled by processExited.
      return;
    }
    Optional<FlinkJob> running = runningFlinkJob(entry.get());
    if (running.isPresent()) {
      try {
        FlinkRestClient rest = EmbeddedFlink.rest(entry.get().flink().restPort());
        String trigger =
            rest.stop(running.get().id(), true, embedded(id).savepointsDir().toUri().toString());
        log.info("Draining local job {} (Flink job {})", id, running.get().id());
        scheduler.schedule(
            () -> followDrain(id, running.get().id(), trigger, deadline),
            DRAIN_RETRY.toMillis(),
            TimeUnit.MILLISECONDS);
        return;
      } catch (FlinkRestException e) {
        log.info("Drain of local job {} not accepted yet: {}", id, e.getMessage());
      }
    }
    if (!clock.instant().isBefore(deadline)) {
      log.warn("Local job {} could not be drained in time; destroying it", id);
      registry.update(id, LocalJobRegistry.Entry::markForced);
      destroyTree(process.get());
      return;
    }
    scheduler.schedule(
        () -> drainOnFlink(id, deadline), DRAIN_RETRY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Follows a stop with drain until the process exits: a stop Flink could not complete (a
   * checkpoint declined, a task not yet running) leaves the job running, and is asked again.
   */
  private void followDrain(String id, String flinkJobId, String trigger, Instant deadline) {
    Optional<LocalJobRegistry.Entry> entry = registry.find(id);
    if (entry.isEmpty() || entry.get().finalState() != null) {
      return;
    }
    Optional<ProcessHandle> process = liveProcess(entry.get());
    if (process.isEmpty()) {
      return;
    }
    boolean failed = false;
    try {
      SavepointOperation operation =
          EmbeddedFlink.rest(entry.get().flink().restPort()).savepoint(flinkJobId, trigger);
      if (operation.completed() && !operation.succeeded()) {
        log.info(
            "Drain of local job {} did not complete ({}); asking again", id, operation.failure());
        failed = true;
      } else if (operation.succeeded()) {
        // Flushed and finished: the process exits by itself, or is destroyed at the deadline.
        Duration left = Duration.between(clock.instant(), deadline);
        destroyIfNotExitedBy(id, process.get(), left.compareTo(KILL_GRACE) < 0 ? KILL_GRACE : left);
        return;
      }
    } catch (FlinkRestException e) {
      log.debug("Cannot follow the drain of local job {}: {}", id, e.getMessage());
    }
    if (!clock.instant().isBefore(deadline)) {
      log.warn("Local job {} could not be drained in time; destroying it", id);
      registry.update(id, LocalJobRegistry.Entry::markForced);
      destroyTree(process.get());
      return;
    }
    if (failed) {
      scheduler.schedule(
          () -> drainOnFlink(id, deadline), DRAIN_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      scheduler.schedule(
          () -> followDrain(id, flinkJobId, trigger, deadline),
          DRAIN_RETRY.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Where a live embedded-Flink job's figures can be read ({@link LocalJobMetricsReader}): its
   * cluster's REST endpoint and Flink job id. Empty for DirectRunner jobs and while no job runs in
   * the process (starting, restarting, ended).
   */
  public Optional<EmbeddedFlinkJob> embeddedFlinkJob(String id) {
    return registry
        .find(id)
        .filter(entry -> entry.flink() != null)
        .flatMap(
            entry ->
                runningFlinkJob(entry)
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

  private Optional<FlinkJob> runningFlinkJob(LocalJobRegistry.Entry entry) {
    try {
      return EmbeddedFlink.rest(entry.flink().restPort()).jobs().stream()
          .filter(FlinkJob::isFullyRunning)
          .findFirst();
    } catch (FlinkRestException e) {
      return Optional.empty();
    }
  }

  /** If the pipeline has not flushed and exited in time, stops it the hard way. */
  private void destroyIfNotExitedBy(String id, ProcessHandle process, Duration timeout) {
    process
        .onExit()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            expired -> {
              log.warn("Local job {} did not drain within {}; destroying it", id, timeout);
              registry.update(id, LocalJobRegistry.Entry::markForced);
              destroyTree(process);
              return null;
            });
  }

  private LaunchedJob toLaunchedJob(LocalJobRegistry.Entry entry) {
    JobState state = currentState(entry);
    // Reading the state may have recorded an exit or a scheduled restart.
    LocalJobRegistry.Entry latest =
        entry.finalState() == null && state != JobState.RUNNING
            ? registry.find(entry.id()).orElse(entry)
            : entry;
    return new LaunchedJob(
        latest.id(), latest.name(), state, latest.createdAt(), latest.labels(), status(latest));
  }

  private RunnerStatus status(LocalJobRegistry.Entry entry) {
    if (!entry.onFlink()) {
      return new RunnerStatus(DIRECT, 0, DIRECT_RUNNER_NOTE);
    }
    return new RunnerStatus(
        FLINK, entry.flink().restarts(), RestartNotes.describe(entry, restartPolicy));
  }

  private JobState currentState(LocalJobRegistry.Entry entry) {
    if (entry.finalState() != null) {
      return entry.finalState();
    }
    if (liveProcess(entry).isPresent()) {
      if (entry.onFlink()) {
        return flinkState(entry);
      }
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
    if (!restartScheduled(entry)) {
      // Exited, and the exit is not recorded yet: the exit callback has not run, or the process
      // ended while this service was not watching it (its exit code is then lost).
      Process child = children.get(entry.id());
      int exitCode = child != null && child.pid() == entry.pid() ? child.exitValue() : -1;
      processExited(entry.id(), entry.pid(), exitCode);
      entry = registry.find(entry.id()).orElse(entry);
      if (entry.finalState() != null) {
        return entry.finalState();
      }
    }
    // Died; a restart is scheduled (see processExited).
    return entry.requestedState() == JobState.DRAINED ? JobState.DRAINING : JobState.PENDING;
  }

  private static boolean restartScheduled(LocalJobRegistry.Entry entry) {
    return entry.onFlink() && entry.flink().restartDueAt() != null;
  }

  /**
   * The state of a live embedded-Flink process, as its REST API reports it. While the cluster is
   * starting (no answer, no job yet) the job is {@code PENDING}; a job Flink ended while the
   * process still exits is not reported terminal before the process's exit decides.
   */
  private JobState flinkState(LocalJobRegistry.Entry entry) {
    boolean drain = entry.requestedState() == JobState.DRAINED;
    boolean cancel = entry.requestedState() == JobState.CANCELLED;
    Optional<FlinkJob> job;
    try {
      job = EmbeddedFlink.rest(entry.flink().restPort()).jobs().stream().findFirst();
    } catch (FlinkRestException e) {
      job = Optional.empty();
    }
    if (cancel) {
      return JobState.CANCELLING;
    }
    if (job.isEmpty() || job.get().isGloballyTerminal()) {
      return drain ? JobState.DRAINING : JobState.PENDING;
    }
    return FlinkJobStates.toJobState(job.get(), drain);
  }

  /**
   * Watches the jobs of the registry that have not ended, after this service (re)started: a live
   * process is watched for its exit again; one that died meanwhile is handled as if it had just
   * died (on Flink: restarted from its checkpoint if restarts remain).
   */
  public void superviseRegisteredJobs() {
    for (LocalJobRegistry.Entry entry : registry.all()) {
      if (entry.finalState() != null || children.containsKey(entry.id())) {
        continue;
      }
      Optional<ProcessHandle> process = liveProcess(entry);
      if (restartScheduled(entry) && process.isEmpty()) {
        // The previous instance of this service scheduled a restart and went away.
        Duration wait = Duration.between(clock.instant(), entry.flink().restartDueAt());
        scheduler.schedule(
            () -> restart(entry.id()), Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
      } else if (process.isPresent()) {
        long pid = entry.pid();
        // Not our child any more: the exit code is lost.
        process.get().onExit().thenAccept(exited -> processExited(entry.id(), pid, -1));
        if (entry.onFlink() && entry.flink().restorePending()) {
          // Restarted by the previous instance, which went away before learning what it restored.
          scheduler.execute(() -> confirmRestore(entry.id(), pid));
        }
      } else {
        processExited(entry.id(), entry.pid(), -1);
      }
    }
  }

  /**
   * A pipeline process exited. Its job ends, unless it runs on Flink, was not asked to stop, died
   * (rather than ended cleanly) and has restarts left: then it is restarted after a backoff.
   */
  private synchronized void processExited(String id, long pid, int exitCode) {
    if (closed) {
      // This service is going away; the next one finds the exit in superviseRegisteredJobs.
      return;
    }
    children.computeIfPresent(id, (key, process) -> process.pid() == pid ? null : process);
    Optional<LocalJobRegistry.Entry> found = registry.find(id);
    if (found.isEmpty()
        || found.get().finalState() != null
        || found.get().pid() != pid
        || restartScheduled(found.get())) {
      return;
    }
    LocalJobRegistry.Entry entry = found.get();
    boolean exitUnknown = exitCode == -1;
    // A process that died unasked is restarted; so is one that died while draining, before its
    // windows were flushed. One that vanished while draining unwatched most likely drained.
    boolean restart =
        entry.onFlink()
            && ((entry.requestedState() == null
                    && (exitUnknown || RestartPolicy.worthRestarting(exitCode)))
                || (isDrainWithoutFlush(entry)
                    && !exitUnknown
                    && RestartPolicy.worthRestarting(exitCode)));
    if (restart) {
      Optional<Duration> delay = restartPolicy.nextDelay(entry.flink().restarts());
      if (delay.isPresent()) {
        Instant due = clock.instant().plus(delay.get());
        registry.update(id, e -> e.withFlink(e.flink().died(exitCode, clock.instant(), due)));
        log.warn(
            "Local job {} died (exit code {}); restarting it from its last checkpoint in {}",
            id,
            exitCode,
            delay.get());
        scheduler.schedule(() -> restart(id), delay.get().toMillis(), TimeUnit.MILLISECONDS);
        return;
      }
      registry.update(id, e -> e.withFlink(e.flink().died(exitCode, clock.instant(), null)));
      meters
          .counter("demostream.jobs.local.restarts", "runner", FLINK, "outcome", "gave-up")
          .increment();
      log.error(
          "Local job {} died (exit code {}) after {} restarts; giving up",
          id,
          exitCode,
          entry.flink().restarts());
    }
    JobState state = finalState(registry.find(id).orElse(entry), exitCode);
    finish(id, state);
    log.info("Local job {} exited with code {}: {}", id, exitCode, state);
  }

  /**
   * Once the restarted process {@code pid} runs its job, records what Flink says it restored and
   * counts the restart as {@code restored} or {@code fresh}; gives up when that process is gone.
   */
  private void confirmRestore(String id, long pid) {
    Optional<LocalJobRegistry.Entry> entry = registry.find(id);
    if (entry.isEmpty()
        || entry.get().finalState() != null
        || entry.get().pid() != pid
        || !entry.get().flink().restorePending()) {
      return;
    }
    Optional<FlinkJob> running = runningFlinkJob(entry.get());
    if (running.isPresent()) {
      try {
        Optional<String> restored =
            EmbeddedFlink.rest(entry.get().flink().restPort())
                .restoredCheckpoint(running.get().id());
        registry.update(
            id, e -> e.pid() == pid ? e.withFlink(e.flink().restored(restored.orElse(null))) : e);
        meters
            .counter(
                "demostream.jobs.local.restarts",
                "runner",
                FLINK,
                "outcome",
                restored.isPresent() ? "restored" : "fresh")
            .increment();
        log.info(
            "Local job {} runs again, {}",
            id,
            restored.map(c -> "restored from checkpoint " + c).orElse("without state"));
        return;
      } catch (FlinkRestException e) {
        log.debug("Restore of local job {} not readable yet: {}", id, e.getMessage());
      }
    }
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      scheduler.schedule(
          () -> confirmRestore(id, pid), DRAIN_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** A drain asked of a job whose process then died before flushing: restart it to flush. */
  private static boolean isDrainWithoutFlush(LocalJobRegistry.Entry entry) {
    return entry.requestedState() == JobState.DRAINED && !entry.forced();
  }

  /**
   * Starts a new process for a Flink job whose process died, which restores the job's latest
   * completed checkpoint: the pipeline finds it ({@code --restoreLatestCheckpoint}), and what it
   * restored is read back from Flink once the job runs ({@link #confirmRestore}).
   */
  private void restart(String id) {
    Optional<LocalJobRegistry.Entry> found = registry.find(id);
    if (found.isEmpty() || found.get().finalState() != null) {
      return;
    }
    LocalJobRegistry.Entry entry = found.get();
    if (entry.requestedState() == JobState.CANCELLED) {
      finish(id, JobState.CANCELLED);
      return;
    }
    EmbeddedFlink embedded = embedded(id);
    int restPort = EmbeddedFlink.freePort();
    Process process;
    try {
      embedded.writeConfig(restPort);
      JobParameters parameters = JobParameters.fromLabels(entry.labels());
      if (parameters == null) {
        throw new IllegalStateException("the job's parameters are not in its labels");
      }
      process =
          start(
              command(
                  id,
                  pipelineJar(),
                  parameters,
                  embedded.restartArgs(properties.checkpointInterval())),
              entry.logFile());
    } catch (IOException | RuntimeException e) {
      log.error("Cannot restart local job {}", id, e);
      meters
          .counter("demostream.jobs.local.restarts", "runner", FLINK, "outcome", "failed")
          .increment();
      registry.update(id, e2 -> e2.withFlink(e2.flink().died(-1, clock.instant(), null)));
      finish(id, JobState.FAILED);
      return;
    }
    registry.update(
        id,
        e ->
            e.withProcess(
                process.pid(),
                process.info().startInstant().orElse(null),
                e.flink().restarted(restPort)));
    watch(id, process);
    log.warn(
        "Restarted local job {} (pid {}); it restores its latest completed checkpoint, if any",
        id,
        process.pid());
    scheduler.schedule(
        () -> confirmRestore(id, process.pid()), DRAIN_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    if (entry.requestedState() == JobState.DRAINED) {
      Instant deadline = clock.instant().plus(properties.drainTimeout());
      scheduler.execute(() -> drainOnFlink(id, deadline));
    }
  }

  private void finish(String id, JobState state) {
    registry.update(id, e -> e.finalState() == null ? e.withFinalState(state) : e);
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

  private EmbeddedFlink embedded(String id) {
    return new EmbeddedFlink(jobsDir.resolve(id));
  }

  /** The job's process if it is still alive and really the one started (not a reused pid). */
  private Optional<ProcessHandle> liveProcess(LocalJobRegistry.Entry entry) {
    Process child = children.get(entry.id());
    if (child != null && child.pid() == entry.pid()) {
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

  /** Stops watching; the pipeline processes keep running and are found again after a restart. */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
  }
}
