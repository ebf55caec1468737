package io.demostream.pipeline.flink;

import io.demostream.pipeline.DemographicsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Optional;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the pipeline needs from Flink, applied and checked before anything is built when {@code
 * --runner=FlinkRunner}:
 *
 * <ul>
 *   <li>Checkpointing is always on ({@link #DEFAULT_CHECKPOINTING_INTERVAL_MS} unless {@code
 *       --checkpointingInterval}): Beam's Pub/Sub reader acknowledges messages only when a
 *       checkpoint completes, so without checkpoints nothing is ever acknowledged.
 *   <li>Checkpoints are externalized and retained on cancellation, so a process that dies can be
 *       restarted from its last one with the open windows' state.
 *   <li>{@code --fasterCopy}: the pipeline's coders are deterministic, copying through them is
 *       unnecessary work.
 *   <li>A restored embedded job continues its incarnation ({@code --incarnationId}) unless told
 *       otherwise, so its panes and the restored state's count as one pipeline's.
 *   <li>Embedded ({@code --flinkMaster=[local]}): state in memory, checkpoints in {@code
 *       --stateBackendStoragePath}, else the configuration's {@code state.checkpoints.dir}, else
 *       {@link #DEFAULT_LOCAL_CHECKPOINT_DIR}; savepoints of a drain beside them, and a restore
 *       ({@code --savepointPath} or {@code --restoreLatestCheckpoint}) passed to the embedded
 *       cluster through its configuration directory ({@link EmbeddedFlinkConf}), the only place it
 *       reads one from.
 * </ul>
 */
public final class FlinkSettings {

  private static final Logger LOG = LoggerFactory.getLogger(FlinkSettings.class);

  /**
   * Checkpoint (and so Pub/Sub acknowledgement) interval unless {@code --checkpointingInterval}.
   */
  public static final long DEFAULT_CHECKPOINTING_INTERVAL_MS = 10_000;

  /** Shortest interval accepted: checkpoints more often than this only cost throughput. */
  public static final long MIN_CHECKPOINTING_INTERVAL_MS = 100;

  /** Checkpoints of an embedded cluster unless {@code --stateBackendStoragePath}. */
  public static final String DEFAULT_LOCAL_CHECKPOINT_DIR =
      Paths.get(System.getProperty("java.io.tmpdir"), "demostream", "flink-checkpoints")
          .toUri()
          .toString();

  /** The incarnation id of the last start, in the embedded cluster's checkpoint directory. */
  public static final String INCARNATION_FILE = "incarnation-id";

  /** The embedded cluster's {@code --flinkMaster}. */
  public static final String LOCAL_MASTER = "[local]";

  private FlinkSettings() {}

  /** Whether {@code options} run on Flink (the runner or its test runner). */
  public static boolean isFlink(DemographicsOptions options) {
    return FlinkRunner.class.isAssignableFrom(options.getRunner());
  }

  /** Whether the job runs in a Flink cluster embedded in this process. */
  public static boolean isEmbedded(DemographicsOptions options) {
    return LOCAL_MASTER.equals(options.as(FlinkPipelineOptions.class).getFlinkMaster().trim());
  }

  /**
   * Applies the defaults above to {@code options}.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  public static void apply(DemographicsOptions options) {
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    long interval = flink.getCheckpointingInterval();
    if (interval == -1) {
      flink.setCheckpointingInterval(DEFAULT_CHECKPOINTING_INTERVAL_MS);
    } else if (interval < MIN_CHECKPOINTING_INTERVAL_MS) {
      throw new IllegalArgumentException(
          "--checkpointingInterval must be at least "
              + MIN_CHECKPOINTING_INTERVAL_MS
              + " ms: Pub/Sub messages are acknowledged only when a checkpoint completes; got "
              + interval);
    }
    flink.setFasterCopy(true);
    flink.setExternalizedCheckpointsEnabled(true);
    flink.setRetainExternalizedCheckpointsOnCancellation(true);

    String backend = flink.getStateBackend();
    if (backend != null && !backend.isBlank()) {
      String kind = backend.trim().toLowerCase(Locale.ROOT);
      if (kind.equals("rocksdb")) {
        throw new IllegalArgumentException(
            "--stateBackend=rocksdb needs flink-statebackend-rocksdb, which the pipeline jar does"
                + " not bundle: use --stateBackend=filesystem (window state is small)");
      }
      if (!kind.equals("filesystem")) {
        throw new IllegalArgumentException(
            "--stateBackend='" + backend + "' is not supported: use filesystem");
      }
      if (isBlank(flink.getStateBackendStoragePath())) {
        throw new IllegalArgumentException(
            "--stateBackend=filesystem needs --stateBackendStoragePath, the checkpoint directory");
      }
    }
    if (options.getRestoreLatestCheckpoint() && !isEmbedded(options)) {
      throw new IllegalArgumentException(
          "--restoreLatestCheckpoint works only with --flinkMaster=[local]; on a cluster restore"
              + " with --savepointPath (a savepoint or a retained checkpoint)");
    }
    if (isEmbedded(options)) {
      applyEmbedded(options, flink);
    }
  }

  private static void applyEmbedded(DemographicsOptions options, FlinkPipelineOptions flink) {
    EmbeddedFlinkConf conf = EmbeddedFlinkConf.from(flink.getFlinkConfDir());
    String checkpoints = checkpointDirectory(flink, conf);
    conf.withDefault(CheckpointingOptions.SAVEPOINT_DIRECTORY.key(), savepointsBeside(checkpoints));
    Optional<String> restore = Optional.ofNullable(blankToNull(flink.getSavepointPath()));
    if (restore.isEmpty() && options.getRestoreLatestCheckpoint()) {
      Optional<Path> latest = RetainedCheckpoints.latest(checkpoints);
      if (latest.isPresent()) {
        restore = Optional.of(latest.get().toString());
      } else {
        LOG.info("no retained checkpoint under {}: starting without state", checkpoints);
      }
    }
    if (restore.isPresent()) {
      LOG.info("restoring the embedded Flink job from {}", restore.get());
      conf.with(SavepointConfigOptions.SAVEPOINT_PATH.key(), restore.get());
      if (flink.getAllowNonRestoredState()) {
        conf.with(SavepointConfigOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE.key(), "true");
      }
    }
    boolean restoring =
        restore.isPresent() || conf.userValue(SavepointConfigOptions.SAVEPOINT_PATH.key()) != null;
    continueIncarnation(options, checkpoints, restoring);
    flink.setFlinkConfDir(conf.write().toString());
  }

  /**
   * A restored job continues the incarnation whose state it restores (its panes continue that
   * incarnation's), a job started without state is a new one. Without {@code --incarnationId} the
   * id is the job name, new for every launch: so the id of the last start is kept in {@link
   * #INCARNATION_FILE} beside the checkpoints, and a restore without {@code --incarnationId} takes
   * it from there.
   */
  private static void continueIncarnation(
      DemographicsOptions options, String checkpoints, boolean restoring) {
    Optional<Path> dir = RetainedCheckpoints.localPath(checkpoints);
    if (dir.isEmpty()) {
      return;
    }
    Path file = dir.get().resolve(INCARNATION_FILE);
    try {
      if (isBlank(options.getIncarnationId())) {
        if (restoring && Files.isRegularFile(file)) {
          options.setIncarnationId(Files.readString(file, StandardCharsets.UTF_8).trim());
          LOG.info("continuing incarnation {} (from {})", options.getIncarnationId(), file);
        } else if (!isBlank(options.getJobName())) {
          options.setIncarnationId(options.getJobName().trim());
        }
      }
      if (!isBlank(options.getIncarnationId())) {
        Files.createDirectories(dir.get());
        Files.writeString(file, options.getIncarnationId().trim(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the incarnation id in " + file, e);
    }
  }

  /**
   * Where the embedded cluster's checkpoints go: {@code --stateBackendStoragePath}, else the
   * configuration's {@code state.checkpoints.dir} (left to Flink), else {@link
   * #DEFAULT_LOCAL_CHECKPOINT_DIR}.
   */
  private static String checkpointDirectory(FlinkPipelineOptions flink, EmbeddedFlinkConf conf) {
    String storage = blankToNull(flink.getStateBackendStoragePath());
    String configured = conf.userValue(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key());
    if (storage == null && configured != null) {
      return configured;
    }
    if (isBlank(flink.getStateBackend())) {
      flink.setStateBackend("filesystem");
    }
    if (storage == null) {
      flink.setStateBackendStoragePath(DEFAULT_LOCAL_CHECKPOINT_DIR);
      storage = DEFAULT_LOCAL_CHECKPOINT_DIR;
    }
    return storage;
  }

  /** {@code DIR/savepoints} for a checkpoint directory {@code DIR} (a path or a URI). */
  static String savepointsBeside(String checkpoints) {
    String trimmed =
        checkpoints.endsWith("/")
            ? checkpoints.substring(0, checkpoints.length() - 1)
            : checkpoints;
    int slash = trimmed.lastIndexOf('/');
    return slash < 0 ? "savepoints" : trimmed.substring(0, slash + 1) + "savepoints";
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static String blankToNull(String value) {
    return isBlank(value) ? null : value.trim();
  }
}
