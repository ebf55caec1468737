package io.demostream.events.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PubSubEmulatorContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Finds a real Pub/Sub emulator for the tests of every module, once per JVM: {@code
 * PUBSUB_EMULATOR_HOST} first, then the emulator of a local gcloud SDK (started on a free port and
 * stopped at JVM exit), then Testcontainers when Docker runs. Where none exists, {@link
 * #skipReason()} says why, and tests skip with it (JUnit 5 {@code assumeTrue}, JUnit 4 {@code
 * Assume}).
 *
 * <p>Emulator-backed test classes carry {@code Emulator} in their name: {@code .ci/run} counts
 * them.
 */
public final class PubSubEmulator {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final String IMAGE = "gcr.io/google.com/cloudsdktool/google-cloud-cli:emulators";
  private static final String SDK_LAUNCHER = "platform/pubsub-emulator/bin/cloud-pubsub-emulator";

  private static String hostPort;
  private static String skipReason;
  private static boolean located;

  private PubSubEmulator() {}

  /** {@code host:port} of a running emulator, or empty with {@link #skipReason()} set. */
  public static synchronized Optional<String> hostPort() {
    if (!located) {
      located = true;
      locate();
      if (hostPort != null) {
        System.out.println("[pubsub-emulator] using " + hostPort);
      } else {
        System.out.println("[pubsub-emulator] emulator tests skipped: " + skipReason);
      }
    }
    return Optional.ofNullable(hostPort);
  }

  public static synchronized boolean isAvailable() {
    return hostPort().isPresent();
  }

  /** Why no emulator could be found; null when one was. */
  public static synchronized String skipReason() {
    hostPort();
    return skipReason;
  }

  private static void locate() {
    String fromEnv = System.getenv("PUBSUB_EMULATOR_HOST");
    if (fromEnv != null && !fromEnv.isBlank()) {
      if (accepts(fromEnv)) {
        hostPort = fromEnv.trim();
        return;
      }
      skipReason = "PUBSUB_EMULATOR_HOST=" + fromEnv + " accepts no connection";
      return;
    }
    List<String> attempts = new ArrayList<>();
    Optional<Path> launcher = sdkLauncher();
    if (launcher.isPresent()) {
      try {
        hostPort = startFromSdk(launcher.get());
        return;
      } catch (IOException | RuntimeException e) {
        attempts.add(
            "gcloud SDK emulator at " + launcher.get() + " failed to start: " + e.getMessage());
      }
    } else {
      attempts.add("no gcloud SDK with the Pub/Sub emulator component");
    }
    try {
      if (DockerClientFactory.instance().isDockerAvailable()) {
        PubSubEmulatorContainer container =
            new PubSubEmulatorContainer(DockerImageName.parse(IMAGE));
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        hostPort = container.getEmulatorEndpoint();
        return;
      }
      attempts.add("no Docker engine for Testcontainers");
    } catch (RuntimeException | LinkageError e) {
      attempts.add("Testcontainers failed: " + e.getMessage());
    }
    skipReason =
        "no Pub/Sub emulator (unset PUBSUB_EMULATOR_HOST; " + String.join("; ", attempts) + ")";
  }

  private static Optional<Path> sdkLauncher() {
    List<Path> roots = new ArrayList<>();
    String sdkRoot = System.getenv("CLOUDSDK_ROOT_DIR");
    if (sdkRoot != null) {
      roots.add(Paths.get(sdkRoot));
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path gcloud = Paths.get(dir, "gcloud");
      if (Files.isExecutable(gcloud)) {
        try {
          roots.add(gcloud.toRealPath().getParent().getParent());
        } catch (IOException ignored) {
          // a dangling link: try the next candidate
        }
      }
    }
    roots.add(Paths.get("/usr/lib/google-cloud-sdk"));
    roots.add(Paths.get("/usr/share/google-cloud-sdk"));
    roots.add(Paths.get("/opt/google-cloud-sdk"));
    roots.add(Paths.get(System.getProperty("user.home"), "google-cloud-sdk"));
    return roots.stream()
        .map(root -> root.resolve(SDK_LAUNCHER))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static String startFromSdk(Path launcher) throws IOException {
    int port = freePort();
    String address = "127.0.0.1:" + port;
    Path log = Files.createTempFile("pubsub-emulator-", ".log");
    Process process =
        new ProcessBuilder(launcher.toString(), "--host=127.0.0.1", "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  process.descendants().forEach(ProcessHandle::destroy);
                  process.destroy();
                }));
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("exited with " + process.exitValue() + ", see " + log);
      }
      if (accepts(address)) {
        return address;
      }
      try {
        Thread.sleep(200); // polling a port that has no readiness signal of its own
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the emulator", e);
      }
    }
    process.destroy();
    throw new IllegalStateException("not listening on " + address + " after " + START_TIMEOUT);
  }

  private static boolean accepts(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      return false;
    }
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(
              address.substring(0, colon).trim(),
              Integer.parseInt(address.substring(colon + 1).trim())),
          1000);
      return true;
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
