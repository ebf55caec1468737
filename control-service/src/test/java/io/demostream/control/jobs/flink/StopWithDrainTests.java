package io.demostream.control.jobs.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one stop-with-drain of both Flink backends against an endpoint that answers like Flink's REST
 * API: the stop asks for {@code drain: true}, and the operation is followed to success, to failure,
 * or kept pending while Flink cannot say.
 */
class StopWithDrainTests {

  private static final String JOB_ID = "0123456789abcdef0123456789abcdef";

  private HttpServer server;
  private final AtomicReference<String> stopBody = new AtomicReference<>();
  private final Queue<String> operations = new ConcurrentLinkedQueue<>();
  private FlinkRestClient rest;

  @BeforeEach
  void startFlinkLookalike() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/jobs/" + JOB_ID + "/stop",
        exchange -> {
          stopBody.set(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          answer(exchange, 202, "{\"request-id\":\"trigger-1\"}");
        });
    server.createContext(
        "/jobs/" + JOB_ID + "/savepoints/trigger-1",
        exchange -> {
          String next = operations.poll();
          if (next == null) {
            answer(exchange, 404, "{\"errors\":[\"unknown operation\"]}");
          } else {
            answer(exchange, 200, next);
          }
        });
    server.start();
    rest =
        new FlinkRestClient(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aDrainAsksForDrainAndIsFollowedToItsSavepoint() {
    operations.add("{\"status\":{\"id\":\"IN_PROGRESS\"}}");
    operations.add(
        "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"file:/sp/savepoint-1\"}}");

    StopWithDrain drain = StopWithDrain.request(rest, JOB_ID, "file:/sp");

    assertThat(stopBody.get())
        .contains("\"drain\":true")
        .contains("\"targetDirectory\":\"file:/sp\"");
    assertThat(drain.trigger()).isEqualTo("trigger-1");
    assertThat(drain.poll().progress()).isEqualTo(StopWithDrain.Progress.PENDING);
    StopWithDrain.Outcome done = drain.poll();
    assertThat(done.progress()).isEqualTo(StopWithDrain.Progress.SUCCEEDED);
    assertThat(done.location()).isEqualTo("file:/sp/savepoint-1");
  }

  @Test
  void aDrainFlinkGaveUpOnSaysWhy() {
    operations.add(
        "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"failure-cause\":"
            + "{\"stack-trace\":\"CheckpointException: Checkpoint was declined\\n\\tat x.y\"}}}");

    StopWithDrain.Outcome outcome = StopWithDrain.request(rest, JOB_ID, null).poll();

    assertThat(outcome.progress()).isEqualTo(StopWithDrain.Progress.FAILED);
    assertThat(outcome.failure()).isEqualTo("CheckpointException: Checkpoint was declined");
    assertThat(stopBody.get()).doesNotContain("targetDirectory");
  }

  @Test
  void anOperationFlinkNoLongerKnowsStaysPending() {
    StopWithDrain drain = StopWithDrain.request(rest, JOB_ID, null);

    assertThat(drain.poll().progress()).isEqualTo(StopWithDrain.Progress.PENDING);
  }

  @Test
  void aStopFlinkRefusesFails() {
    assertThatThrownBy(() -> StopWithDrain.request(rest, "ffffffffffffffffffffffffffffffff", null))
        .isInstanceOf(FlinkRestException.class);
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
