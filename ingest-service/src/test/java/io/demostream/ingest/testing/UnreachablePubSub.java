package io.demostream.ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points the application's Pub/Sub client at a port nobody listens on, for tests of the assembled
 * service that must not depend on Pub/Sub (every publish stays unacknowledged, then fails).
 */
public final class UnreachablePubSub {

  private UnreachablePubSub() {}

  /** Registers {@code spring.cloud.gcp.pubsub.emulator-host} as a closed local port. */
  public static void register(DynamicPropertyRegistry registry) {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry.add("spring.cloud.gcp.pubsub.emulator-host", () -> "127.0.0.1:" + closed);
  }
}
