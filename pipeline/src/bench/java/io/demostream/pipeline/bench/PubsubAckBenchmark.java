package io.demostream.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.demostream.events.UserEventMessage;
import io.demostream.events.testing.PubSubEmulator;
import io.demostream.pipeline.DemographicsPipeline;
import io.demostream.pipeline.sink.JdbcWarehouse;
import io.demostream.pipeline.testing.EmbeddedFlink;
import io.demostream.pipeline.testing.EmulatorTopic;
import io.demostream.pipeline.testing.TestUsers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pub/Sub acknowledgements and redeliveries of the pipeline on an embedded Flink cluster, against
 * the emulator, through a counting HTTP proxy between Beam's Pub/Sub client and the emulator
 * ({@code --pubsubRootUrl} points at the proxy):
 *
 * <ol>
 *   <li>{@code bench.messages} users published at 2,000/s into one open window while the pipeline
 *       runs; once all are counted and two more checkpoints have completed: acknowledged ids and
 *       acknowledge requests per message consumed (apache/beam#31510).
 *   <li>As many again, with the pipeline process killed ({@code kill -9}) halfway through and
 *       restarted with {@code --restoreLatestCheckpoint}: messages delivered more than once, and
 *       whether the warehouse counts every user exactly once after a drain.
 * </ol>
 *
 * Run with {@code ./mvnw -B -pl pipeline -Pbench verify -DskipTests
 * -Dbench.main=io.demostream.pipeline.bench.PubsubAckBenchmark}.
 */
public final class PubsubAckBenchmark {

  private static final int MESSAGES = Integer.getInteger("bench.messages", 20_000);
  private static final int RATE = 2_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private PubsubAckBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (!PubSubEmulator.isAvailable()) {
      System.out.println("[bench] no Pub/Sub emulator: " + PubSubEmulator.skipReason());
      System.exit(1);
    }
    Path dir = Files.createTempDirectory("bench-acks");
    CountingProxy proxy = CountingProxy.start(EmulatorTopic.rootUrl());
    EmbeddedFlink flink = EmbeddedFlink.in(dir.resolve("flink"));
    String url = "jdbc:h2:file:" + dir.resolve("warehouse") + ";AUTO_SERVER=TRUE";
    JdbcWarehouse warehouse = new JdbcWarehouse(url, "", "");
    List<Process> processes = new ArrayList<>();
    try (EmulatorTopic topic = EmulatorTopic.create();
        Connection server = warehouse.connect()) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path")));
      command.add(DemographicsPipeline.class.getName());
      command.addAll(flink.options());
      command.addAll(
          List.of(
              "--source=pubsub",
              "--inputSubscription=" + topic.subscriptionPath(),
              "--pubsubRootUrl=" + proxy.url(),
              "--windowSize=1d",
              "--allowedLateness=1d",
              "--earlyFiringInterval=1s",
              "--sink=jdbc",
              "--jdbcUrl=" + url,
              "--incarnationId=bench-acks",
              "--restoreLatestCheckpoint=true"));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("pipeline.log").toFile());

      // 1. Acknowledgements per message consumed, steady state.
      processes.add(builder.start());
      String job = flink.awaitRunningJob(Duration.ofSeconds(180));
      publishAtRate(topic, "a", MESSAGES);
      awaitUsers(warehouse, MESSAGES);
      long counted = System.currentTimeMillis();
      awaitCheckpointsAfter(flink, job, counted, 2);
      long delivered1 = proxy.delivered.get();
      long acked1 = proxy.ackedIds.get();
      long ackRequests1 = proxy.ackRequests.get();
      System.out.printf(
          Locale.ROOT,
          "[bench] steady: %d published, %d delivered, %d ids acknowledged in %d requests,"
              + " %d pulls, %d modifyAckDeadline requests%n",
          MESSAGES,
          delivered1,
          acked1,
          ackRequests1,
          proxy.pulls.get(),
          proxy.modifyRequests.get());

      // 2. Kill halfway through the next batch, restart from the retained checkpoint, drain.
      Thread publisher =
          new Thread(
              () -> {
                try {
                  publishAtRate(topic, "b", MESSAGES);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      publisher.start();
      Thread.sleep(MESSAGES / RATE * 1000L / 2); // halfway through the batch: the fault's moment
      processes.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      long killedAt = System.currentTimeMillis();
      processes.add(builder.start());
      String restored = flink.awaitRunningJob(Duration.ofSeconds(180));
      long restartSeconds = (System.currentTimeMillis() - killedAt) / 1000;
      publisher.join();
      awaitUsers(warehouse, 2L * MESSAGES);
      flink.stopWithDrain(restored);
      int exit = processes.get(1).waitFor(180, TimeUnit.SECONDS) ? processes.get(1).exitValue() : -1;
      long users = latestUsers(warehouse);
      long redelivered = proxy.delivered.get() - proxy.distinct.size();
      System.out.println();
      System.out.println("| measure | result |");
      System.out.println("|---|---|");
      System.out.printf(
          Locale.ROOT,
          "| acknowledged ids per message consumed (steady, %d messages) | %.2f |%n",
          MESSAGES,
          (double) acked1 / MESSAGES);
      System.out.printf(
          Locale.ROOT,
          "| acknowledge requests per 1,000 messages (steady) | %.1f |%n",
          1000.0 * ackRequests1 / MESSAGES);
      System.out.printf(
          Locale.ROOT,
          "| deliveries per message, steady (1.00 = no redelivery) | %.3f |%n",
          (double) delivered1 / MESSAGES);
      System.out.printf(
          Locale.ROOT,
          "| redelivered messages after kill -9 and restore (%d published in all) | %d |%n",
          2 * MESSAGES,
          redelivered);
      System.out.printf(
          Locale.ROOT, "| seconds from kill to the restored job running | %d |%n", restartSeconds);
      System.out.printf(
          Locale.ROOT,
          "| users counted after drain / published (exit code %d) | %d / %d |%n",
          exit,
          users,
          2 * MESSAGES);
    } finally {
      for (Process process : processes) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      proxy.stop();
    }
    System.exit(0);
  }

  private static void publishAtRate(EmulatorTopic topic, String prefix, int count)
      throws Exception {
    int batch = RATE / 10;
    long start = System.currentTimeMillis();
    for (int sent = 0; sent < count; sent += batch) {
      List<UserEventMessage> messages = new ArrayList<>();
      for (int i = sent; i < Math.min(count, sent + batch); i++) {
        messages.add(
            TestUsers.message(
                prefix + i,
                Instant.now(),
                i % 2 == 0 ? "female" : "male",
                20 + i % 50,
                1 + i % 9,
                i % 3 == 0 ? "Norway" : "Spain"));
      }
      topic.publish(messages);
      long due = start + (sent + batch) * 1000L / RATE;
      long wait = due - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait); // pacing the publisher, not a synchronisation
      }
    }
  }

  private static void awaitUsers(JdbcWarehouse warehouse, long users) throws Exception {
    long deadline = System.currentTimeMillis() + 600_000;
    while (latestUsers(warehouse) < users) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("only " + latestUsers(warehouse) + " of " + users);
      }
      Thread.sleep(500);
    }
  }

  private static void awaitCheckpointsAfter(EmbeddedFlink flink, String job, long after, int n)
      throws Exception {
    long since = after;
    for (int i = 0; i < n; i++) {
      while (flink.latestCompletedCheckpointTriggeredAt(job) <= since) {
        Thread.sleep(200);
      }
      since = flink.latestCompletedCheckpointTriggeredAt(job);
    }
  }

  private static long latestUsers(JdbcWarehouse warehouse) {
    try (Connection connection = warehouse.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT COALESCE(MAX(users), 0) FROM window_summary")) {
      rows.next();
      return rows.getLong(1);
    } catch (Exception e) {
      return 0;
    }
  }

  /** Forwards Beam's Pub/Sub JSON calls to the emulator and counts pulls and acknowledgements. */
  static final class CountingProxy {
    final AtomicLong pulls = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final Set<String> distinct = ConcurrentHashMap.newKeySet();
    final AtomicLong ackRequests = new AtomicLong();
    final AtomicLong ackedIds = new AtomicLong();
    final AtomicLong modifyRequests = new AtomicLong();
    private final HttpServer server;
    private final String target;
    private final HttpClient http = HttpClient.newHttpClient();

    private CountingProxy(HttpServer server, String target) {
      this.server = server;
      this.target = target;
    }

    static CountingProxy start(String target) throws IOException {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      CountingProxy proxy = new CountingProxy(server, target);
      server.createContext("/", proxy::forward);
      server.setExecutor(Executors.newFixedThreadPool(8));
      server.start();
      return proxy;
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
      server.stop(0);
    }

    private void forward(HttpExchange exchange) throws IOException {
      try (exchange) {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().toString();
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(target + path))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null) {
          request.header("Content-Type", type);
        }
        // Beam's HTTP client gzips request bodies.
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
          request.header("Content-Encoding", encoding);
        }
        byte[] json =
            "gzip".equalsIgnoreCase(encoding)
                ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))
                    .readAllBytes()
                : body;
        HttpResponse<byte[]> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (path.contains(":acknowledge")) {
          ackRequests.incrementAndGet();
          ackedIds.addAndGet(JSON.readTree(json).path("ackIds").size());
        } else if (path.contains(":modifyAckDeadline")) {
          modifyRequests.incrementAndGet();
        } else if (path.contains(":pull") && response.statusCode() == 200) {
          pulls.incrementAndGet();
          for (JsonNode received : JSON.readTree(response.body()).path("receivedMessages")) {
            delivered.incrementAndGet();
            distinct.add(received.path("message").path("messageId").asText());
          }
        }
        exchange
            .getResponseHeaders()
            .add(
                "Content-Type",
                response.headers().firstValue("Content-Type").orElse("application/json"));
        exchange.sendResponseHeaders(response.statusCode(), response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
