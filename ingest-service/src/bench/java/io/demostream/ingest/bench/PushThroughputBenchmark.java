package io.demostream.ingest.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import io.demostream.events.synthetic.SyntheticUserGenerator;
import io.demostream.events.testing.PubSubEmulator;
import io.demostream.ingest.IngestApplication;
import io.demostream.ingest.testing.EmulatorPubSub;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Bench harness (only under {@code -Pbench -Dbench.main=io.demostream.ingest.bench.PushThroughputBenchmark}):
 * the whole service in this JVM, publishing into the real Pub/Sub emulator, pushed to by {@code
 * -Dbench.clients} (4) HTTP clients as fast as it answers, with {@code -Dbench.maxInFlight} (10,000)
 * as {@code max-in-flight} (set both through {@code -Dbench.jvmArgs}), each sending arrays of {@value #USERS_PER_REQUEST}
 * synthetic users and waiting 50 ms after a 429 before sending again. 15 s warm-up, then 30 s
 * measured: users accepted per second (acknowledged by Pub/Sub: a 202 is answered only then), 202s
 * and 429s, the service's CPU, and heap used sampled every second plus the heap after the last GC,
 * in a JVM capped at {@code -Xmx256m} by the profile. Results on stdout and in {@code
 * target/bench/ingest-push.txt}. Without a Pub/Sub emulator it exits with status 2.
 */
public final class PushThroughputBenchmark {

  private static final int CLIENTS = Integer.getInteger("bench.clients", 4);
  private static final int MAX_IN_FLIGHT = Integer.getInteger("bench.maxInFlight", 10_000);
  private static final int USERS_PER_REQUEST = 500;
  private static final Duration WARM_UP = Duration.ofSeconds(15);
  private static final Duration MEASURE = Duration.ofSeconds(30);

  public static void main(String[] args) throws Exception {
    if (!PubSubEmulator.isAvailable()) {
      System.err.println("[bench] cannot run: " + PubSubEmulator.skipReason());
      System.exit(2);
    }
    new PushThroughputBenchmark().measure();
    System.exit(0);
  }

  private void measure() throws Exception {
    String emulator = PubSubEmulator.hostPort().orElseThrow();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    SyntheticUserGenerator generator = new SyntheticUserGenerator(2026);
    byte[][] bodies = new byte[8][];
    for (int i = 0; i < bodies.length; i++) {
      ArrayNode users = (ArrayNode) generator.nextResponse(USERS_PER_REQUEST).get("results");
      users.forEach(user -> ((ObjectNode) user).remove("picture"));
      bodies[i] = users.toString().getBytes(StandardCharsets.UTF_8);
    }
    List<String> report = new ArrayList<>();
    try (EmulatorPubSub pubSub = new EmulatorPubSub(emulator, "bench-push", false)) {
      ConfigurableApplicationContext app =
          new SpringApplicationBuilder(IngestApplication.class)
              .run(
                  "--server.port=0",
                  "--management.server.port=0",
                  "--logging.level.io.demostream=WARN",
                  "--spring.cloud.gcp.project-id=" + EmulatorPubSub.PROJECT,
                  "--spring.cloud.gcp.pubsub.emulator-host=" + emulator,
                  "--demostream.ingest.topic=" + pubSub.topicId(),
                  "--demostream.ingest.publish.max-in-flight=" + MAX_IN_FLIGHT,
                  "--demostream.security.api-token=bench-token");
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      try {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/events");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong accepted = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong tooMany = new AtomicLong();
        AtomicLong other = new AtomicLong();
        long end = System.nanoTime() + WARM_UP.plus(MEASURE).toNanos();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          clients.submit(
              () -> {
                for (int n = 0; System.nanoTime() < end; n++) {
                  HttpRequest request =
                      HttpRequest.newBuilder(uri)
                          .header("Authorization", "Bearer bench-token")
                          .header("Content-Type", "application/json")
                          .POST(
                              HttpRequest.BodyPublishers.ofByteArray(
                                  bodies[(client + n) % bodies.length]))
                          .build();
                  HttpResponse<String> response =
                      http.send(request, HttpResponse.BodyHandlers.ofString());
                  if (response.statusCode() == 202) {
                    ok.incrementAndGet();
                    accepted.addAndGet(USERS_PER_REQUEST);
                  } else if (response.statusCode() == 429) {
                    tooMany.incrementAndGet();
                    Thread.sleep(50);
                  } else {
                    other.incrementAndGet();
                  }
                }
                return null;
              });
        }
        Thread.sleep(WARM_UP.toMillis()); // measurement window, not synchronisation
        long accepted0 = accepted.get();
        long ok0 = ok.get();
        long tooMany0 = tooMany.get();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        long maxUsed = 0;
        long sumUsed = 0;
        int samples = 0;
        while (System.nanoTime() - wall0 < MEASURE.toNanos()) {
          Thread.sleep(1000); // one heap sample per second
          long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          maxUsed = Math.max(maxUsed, used);
          sumUsed += used;
          samples++;
        }
        double seconds = (System.nanoTime() - wall0) / 1e9;
        long users = accepted.get() - accepted0;
        double cores = (os.getProcessCpuTime() - cpu0) / 1e9 / seconds;
        long liveAfterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
          if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
            liveAfterGc += pool.getCollectionUsage().getUsed();
          }
        }
        clients.shutdown();
        clients.awaitTermination(1, TimeUnit.MINUTES);
        report.add("cores available: " + Runtime.getRuntime().availableProcessors());
        report.add("max heap: " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        report.add(
            String.format(
                Locale.ROOT,
                "push: %.0f users/s accepted over %.0f s (%d clients, %d users per request,"
                    + " max-in-flight %d):"
                    + " %d x 202, %d x 429, %d other; process CPU %.2f cores (clients included)",
                users / seconds,
                seconds,
                CLIENTS,
                USERS_PER_REQUEST,
                MAX_IN_FLIGHT,
                ok.get() - ok0,
                tooMany.get() - tooMany0,
                other.get(),
                cores));
        report.add(
            String.format(
                Locale.ROOT,
                "heap used max %d MiB, mean %d MiB over %d samples; heap after last GC %d MiB",
                maxUsed >> 20,
                (sumUsed / Math.max(1, samples)) >> 20,
                samples,
                liveAfterGc >> 20));
      } finally {
        clients.shutdownNow();
        app.close();
      }
    }
    report.forEach(line -> System.out.println("[bench] " + line));
    Path out = Path.of("target/bench/ingest-push.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, report);
  }
}
