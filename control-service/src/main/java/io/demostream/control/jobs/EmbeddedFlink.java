package io.demostream.control.jobs;

import io.demostream.control.jobs.flink.FlinkRestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded Flink cluster of one local job ({@code --flinkMaster=[local]} in the pipeline's
 * process): its folder under the jobs folder, the Flink configuration written there before every
 * (re)start, its checkpoints, and a client of its REST API.
 *
 * <p>The configuration binds the REST API to loopback on a free port, so that the launcher can
 * drain ({@code POST /jobs/<id>/stop} with {@code drain}), cancel and read the job's state; it
 * keeps completed checkpoints in the job's folder, retained on cancellation; and, on a restart,
 * sets {@code execution.savepoint.path} to the latest completed checkpoint, which is how an
 * embedded cluster restores (Beam's {@code --savepointPath} is ignored with {@code [local]}).
 */
final class EmbeddedFlink {

  /** The file name Flink 1.19 reads from {@code --flinkConfDir} (standard YAML). */
  static final String CONFIG_FILE = "config.yaml";

  private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");
  // A completed checkpoint has its metadata file; an unfinished one does not.
  private static final String CHECKPOINT_METADATA = "_metadata";
  private static final Duration REST_TIMEOUT = Duration.ofSeconds(3);

  private final Path workDir;

  /**
   * @param workDir the job's own folder, e.g. {@code <data-dir>/jobs/<job name>}
   */
  EmbeddedFlink(Path workDir) {
    this.workDir = workDir.toAbsolutePath().normalize();
  }

  Path workDir() {
    return workDir;
  }

  Path configDir() {
    return workDir.resolve("flink-conf");
  }

  Path checkpointsDir() {
    return workDir.resolve("checkpoints");
  }

  Path savepointsDir() {
    return workDir.resolve("savepoints");
  }

  /** The pipeline options that run the job on the embedded cluster configured here. */
  List<String> pipelineArgs(Duration checkpointInterval) {
    return List.of(
        "--runner=FlinkRunner",
        "--flinkMaster=[local]",
        "--flinkConfDir=" + configDir(),
        // PubsubIO acknowledges messages only when a checkpoint completes.
        "--checkpointingInterval=" + checkpointInterval.toMillis(),
        "--fasterCopy=true");
  }

  /**
   * Writes the configuration of the next start.
   *
   * @param restPort the port of the REST API, free on loopback
   * @param restoreFrom a completed checkpoint to restore the job's state from, if any
   */
  void writeConfig(int restPort, Optional<Path> restoreFrom) {
    StringBuilder config = new StringBuilder();
    config.append("# Written by the demostream control-service before each start of this job.\n");
    config.append("rest.address: 127.0.0.1\n");
    config.append("rest.bind-address: 127.0.0.1\n");
    config.append("rest.port: ").append(restPort).append('\n');
    config.append("state.checkpoints.dir: ").append(quoted(checkpointsDir())).append('\n');
    config.append("state.savepoints.dir: ").append(quoted(savepointsDir())).append('\n');
    // Two, so that a checkpoint being written never leaves us without a complete one.
    config.append("state.checkpoints.num-retained: 2\n");
    config.append(
        "execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION\n");
    restoreFrom.ifPresent(
        checkpoint ->
            config.append("execution.savepoint.path: ").append(quoted(checkpoint)).append('\n'));
    try {
      Files.createDirectories(configDir());
      Files.createDirectories(checkpointsDir());
      Files.writeString(configDir().resolve(CONFIG_FILE), config.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Flink configuration in " + configDir(), e);
    }
  }

  /**
   * The latest completed checkpoint of any incarnation of this job: Flink writes them to {@code
   * checkpoints/<flink job id>/chk-<n>/_metadata}, and a restored job continues the numbering, so
   * the newest metadata file (then the highest number) wins.
   */
  Optional<Path> latestCheckpoint() {
    if (!Files.isDirectory(checkpointsDir())) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(checkpointsDir())) {
      return jobs.filter(Files::isDirectory)
          .flatMap(EmbeddedFlink::completedCheckpoints)
          .max(
              Comparator.comparing(EmbeddedFlink::metadataTime)
                  .thenComparing(EmbeddedFlink::checkpointNumber));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the checkpoints in " + checkpointsDir(), e);
    }
  }

  private static Stream<Path> completedCheckpoints(Path jobDir) {
    try (Stream<Path> children = Files.list(jobDir)) {
      return children
          .filter(dir -> CHECKPOINT_DIR.matcher(dir.getFileName().toString()).matches())
          .filter(dir -> Files.isRegularFile(dir.resolve(CHECKPOINT_METADATA)))
          .toList()
          .stream();
    } catch (IOException e) {
      // Flink may be deleting an old checkpoint right now; skip this folder.
      return Stream.empty();
    }
  }

  private static FileTime metadataTime(Path checkpoint) {
    try {
      return Files.getLastModifiedTime(checkpoint.resolve(CHECKPOINT_METADATA));
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static long checkpointNumber(Path checkpoint) {
    Matcher matcher = CHECKPOINT_DIR.matcher(checkpoint.getFileName().toString());
    return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
  }

  /** A client of the embedded cluster's REST API on {@code restPort}. */
  static FlinkRestClient rest(int restPort) {
    return new FlinkRestClient(
        URI.create("http://127.0.0.1:" + restPort), REST_TIMEOUT, REST_TIMEOUT);
  }

  /** A port nobody listens on right now, for the next embedded cluster's REST API. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port for the Flink REST API", e);
    }
  }

  private static String quoted(Path path) {
    // Single-quoted YAML: only a quote needs escaping.
    return "'" + path.toUri().toString().replace("'", "''") + "'";
  }
}
