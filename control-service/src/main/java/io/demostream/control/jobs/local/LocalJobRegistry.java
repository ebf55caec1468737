package io.demostream.control.jobs.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.JobState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The local launcher's memory of its jobs, a small JSON file in the data folder, so that a
 * restarted control-service finds the pipeline process it started (by pid) and the outcome of jobs
 * that ended. Writes replace the file atomically.
 */
final class LocalJobRegistry {

  /**
   * One local job.
   *
   * @param parameters the job's parameters, as it was launched with them and is restarted with
   * @param pid process id of the pipeline JVM (the latest one, after a restart)
   * @param processStart the process's start time, to tell it from a later process with the same pid
   * @param requestedState {@code CANCELLED} or {@code DRAINED} once a stop was asked for
   * @param finalState the terminal state once the process has exited for good
   * @param forced whether the process had to be destroyed because it did not drain in time
   * @param runner {@code flink} or {@code direct}; {@code null} (entries written before Flink) is
   *     {@code direct}
   * @param flink the embedded Flink cluster's REST port and the job's restarts; {@code null} on the
   *     DirectRunner
   */
  record Entry(
      String id,
      String name,
      long pid,
      Instant processStart,
      Instant createdAt,
      Map<String, String> labels,
      JobParameters parameters,
      Path logFile,
      Path drainSignalFile,
      JobState requestedState,
      JobState finalState,
      boolean forced,
      String runner,
      FlinkProcess flink) {

    boolean onFlink() {
      return flink != null;
    }

    Entry withRequestedState(JobState state) {
      return withStates(state, finalState, forced);
    }

    Entry withFinalState(JobState state) {
      return withStates(requestedState, state, forced);
    }

    Entry markForced() {
      return withStates(requestedState, finalState, true);
    }

    /** This entry with the three fields that change over a job's life replaced. */
    private Entry withStates(JobState requestedState, JobState finalState, boolean forced) {
      return new Entry(
          id,
          name,
          pid,
          processStart,
          createdAt,
          labels,
          parameters,
          logFile,
          drainSignalFile,
          requestedState,
          finalState,
          forced,
          runner,
          flink);
    }

    /** This entry for a restarted process. */
    Entry withProcess(long newPid, Instant newProcessStart, FlinkProcess newFlink) {
      return new Entry(
          id,
          name,
          newPid,
          newProcessStart,
          createdAt,
          labels,
          parameters,
          logFile,
          drainSignalFile,
          requestedState,
          finalState,
          forced,
          runner,
          newFlink);
    }

    Entry withFlink(FlinkProcess newFlink) {
      return withProcess(pid, processStart, newFlink);
    }
  }

  /**
   * The embedded Flink side of a local job: where its REST API listens and how its process was
   * restarted after dying.
   *
   * @param restPort REST port of the current process's embedded cluster
   * @param restarts how often the process was restarted
   * @param restoredFrom the checkpoint the current process restored, as Flink reports it, or {@code
   *     null} if it started without state or that is not known yet
   * @param lastExitCode exit code of the last process that died, or {@code null}
   * @param lastExitAt when it died
   * @param restartDueAt when the next restart is due while waiting for it, else {@code null}
   * @param restorePending true from a restart until the new process's job runs and Flink says what
   *     it restored
   */
  record FlinkProcess(
      int restPort,
      int restarts,
      String restoredFrom,
      Integer lastExitCode,
      Instant lastExitAt,
      Instant restartDueAt,
      boolean restorePending) {

    static FlinkProcess started(int restPort) {
      return new FlinkProcess(restPort, 0, null, null, null, null, false);
    }

    FlinkProcess died(int exitCode, Instant at, Instant restartDue) {
      return new FlinkProcess(
          restPort, restarts, restoredFrom, exitCode, at, restartDue, restorePending);
    }

    /** A new process, which restores the latest checkpoint if there is one. */
    FlinkProcess restarted(int newRestPort) {
      return new FlinkProcess(
          newRestPort, restarts + 1, null, lastExitCode, lastExitAt, null, true);
    }

    /** What the current process restored, {@code null} for nothing, as its running job says. */
    FlinkProcess restored(String checkpoint) {
      return new FlinkProcess(
          restPort, restarts, checkpoint, lastExitCode, lastExitAt, restartDueAt, false);
    }
  }

  private static final TypeReference<List<Entry>> ENTRIES = new TypeReference<>() {};

  private final Path file;
  private final ObjectMapper mapper =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  LocalJobRegistry(Path file) {
    this.file = file;
  }

  synchronized List<Entry> all() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return mapper.readValue(file.toFile(), ENTRIES);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the local job registry " + file, e);
    }
  }

  synchronized Optional<Entry> find(String id) {
    return all().stream().filter(entry -> entry.id().equals(id)).findFirst();
  }

  synchronized void add(Entry entry) {
    List<Entry> entries = new ArrayList<>(all());
    entries.add(entry);
    write(entries);
  }

  /** Replaces the entry with the given id by {@code change} applied to it, if it exists. */
  synchronized Optional<Entry> update(String id, UnaryOperator<Entry> change) {
    List<Entry> entries = new ArrayList<>(all());
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).id().equals(id)) {
        Entry changed = change.apply(entries.get(i));
        entries.set(i, changed);
        write(entries);
        return Optional.of(changed);
      }
    }
    return Optional.empty();
  }

  private void write(List<Entry> entries) {
    try {
      Files.createDirectories(file.getParent());
      // A temp file of its own, so that two writers never move each other's half-written file.
      Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      mapper.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), entries);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the local job registry " + file, e);
    }
  }
}
