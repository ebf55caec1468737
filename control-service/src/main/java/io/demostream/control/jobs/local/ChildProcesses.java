package io.demostream.control.jobs.local;

import io.demostream.control.jobs.PipelineTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's child JVMs: starts them (the JDBC password through the environment, never the
 * command line), remembers the ones this service started, tells whether a job's process is still
 * the one it started, and stops a process with its descendants.
 */
final class ChildProcesses {

  /** After a polite termination request, how long before the process is killed. */
  static final Duration KILL_GRACE = Duration.ofSeconds(10);

  /** Receives the exit of a watched process. */
  interface ExitListener {
    void exited(String id, long pid, int exitCode);
  }

  private final PipelineTarget target;
  // Processes started by this instance; after a restart only ProcessHandles are available.
  private final Map<String, Process> children = new ConcurrentHashMap<>();

  ChildProcesses(PipelineTarget target) {
    this.target = target;
  }

  Process start(List<String> command, Path logFile) throws IOException {
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

  /** Remembers job {@code id}'s process and tells {@code listener} when it exits. */
  void watch(String id, Process process, ExitListener listener) {
    children.put(id, process);
    process.onExit().thenAccept(exited -> listener.exited(id, exited.pid(), exited.exitValue()));
  }

  boolean watches(String id) {
    return children.containsKey(id);
  }

  /** Forgets job {@code id}'s process {@code pid} once its exit is handled. */
  void forget(String id, long pid) {
    children.computeIfPresent(id, (key, process) -> process.pid() == pid ? null : process);
  }

  /** The exit code of job {@code id}'s exited process {@code pid}, or -1 where it is unknown. */
  int exitCode(String id, long pid) {
    Process child = children.get(id);
    return child != null && child.pid() == pid && !child.isAlive() ? child.exitValue() : -1;
  }

  /** The job's process if it is still alive and really the one started (not a reused pid). */
  Optional<ProcessHandle> live(LocalJobRegistry.Entry entry) {
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

  /** Asks the process and its descendants to stop, and kills them after {@link #KILL_GRACE}. */
  static void destroyTree(ProcessHandle process) {
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
