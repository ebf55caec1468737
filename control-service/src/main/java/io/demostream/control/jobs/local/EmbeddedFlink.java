package io.demostream.control.jobs.local;

import io.demostream.control.jobs.flink.FlinkRestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded Flink cluster of one local job ({@code --flinkMaster=[local]} in the pipeline's
 * process): its folder under the jobs folder, the Flink configuration written there before every
 * (re)start, and a client of its REST API.
 *
 * <p>The configuration binds the REST API to loopback on a free port, so that the launcher can
 * drain ({@code POST /jobs/<id>/stop} with {@code drain}), cancel and read the job's state and
 * figures; and it keeps completed checkpoints in the job's folder, retained on cancellation. A
 * restart asks the pipeline to restore the latest of them ({@link #restartArgs}): finding it is the
 * pipeline's ({@code --restoreLatestCheckpoint}), and what it restored is read back from Flink.
 */
final class EmbeddedFlink {

  /** The file name Flink 1.19 reads from {@code --flinkConfDir} (standard YAML). */
  static final String CONFIG_FILE = "config.yaml";

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
   * The options of a restart: as {@link #pipelineArgs}, and the pipeline restores the newest
   * completed checkpoint under the configuration's {@code state.checkpoints.dir}, if there is one.
   */
  List<String> restartArgs(Duration checkpointInterval) {
    List<String> args = new ArrayList<>(pipelineArgs(checkpointInterval));
    args.add("--restoreLatestCheckpoint=true");
    return List.copyOf(args);
  }

  /**
   * Writes the configuration of the next start.
   *
   * @param restPort the port of the REST API, free on loopback
   */
  void writeConfig(int restPort) {
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
    try {
      Files.createDirectories(configDir());
      Files.createDirectories(checkpointsDir());
      Files.writeString(configDir().resolve(CONFIG_FILE), config.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Flink configuration in " + configDir(), e);
    }
  }

  /**
   * The client of the embedded cluster's REST API on {@code restPort}: one per port (so per job
   * process), made on first use and reused by every state read, drain and restart check, never a
   * new HTTP client per call. Only the few latest ports are kept: one job is active at a time, and
   * a restarted process listens on a new port.
   */
  static FlinkRestClient rest(int restPort) {
    synchronized (CLIENTS) {
      return CLIENTS.computeIfAbsent(
          restPort,
          port ->
              new FlinkRestClient(
                  URI.create("http://127.0.0.1:" + port), REST_TIMEOUT, REST_TIMEOUT));
    }
  }

  private static final int KEPT_CLIENTS = 4;

  private static final Map<Integer, FlinkRestClient> CLIENTS =
      new LinkedHashMap<>(KEPT_CLIENTS + 1, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, FlinkRestClient> eldest) {
          return size() > KEPT_CLIENTS;
        }
      };

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
