package io.demostream.ingest.bench;

import static org.awaitility.Awaitility.await;

import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
import io.demostream.events.EventSource;
import io.demostream.events.synthetic.SyntheticUserGenerator;
import io.demostream.events.testing.PubSubEmulator;
import io.demostream.ingest.IngestApplication;
import io.demostream.ingest.ingestion.IngestionService;
import io.demostream.ingest.ingestion.IngestionState;
import io.demostream.ingest.ingestion.StartCommand;
import io.demostream.ingest.testing.EmulatorPubSub;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Bench harness (only under {@code -Pbench}): the whole service in this JVM, reading 5,000-user
 * responses from an in-process fake randomuser.me and publishing into the real Pub/Sub emulator.
 *
 * <ol>
 *   <li>Throughput: the API fetched as fast as the service can publish; users/s and CPU per user.
 *       Service CPU is this process's CPU time minus the fake API's handler thread (the emulator is
 *       another process and not counted).
 *   <li>Steady heap at 5,000 users/s (one 5,000-user request per second), sampled every second, in
 *       a JVM capped at {@code -Xmx256m} by the profile.
 * </ol>
 *
 * <p>It lives in {@code src/bench/java}, compiled and run only by the {@code bench} profile, never
 * by a normal build: {@code ./mvnw -B -pl ingest-service -am -Pbench verify -DskipTests}. Results go
 * to stdout and {@code ingest-service/target/bench/ingest-service.txt}. Without a Pub/Sub emulator it
 * exits with status 2 and the reason.
 */
public final class IngestThroughputBenchmark {

  private static final int USERS_PER_RESPONSE = 5000;
  private static final Duration WARM_UP = Duration.ofSeconds(15);
  private static final Duration MEASURE = Duration.ofSeconds(30);
  private static final Duration STEADY = Duration.ofSeconds(40);

  public static void main(String[] args) throws Exception {
    if (!PubSubEmulator.isAvailable()) {
      System.err.println("[bench] cannot run: " + PubSubEmulator.skipReason());
      System.exit(2);
    }
    new IngestThroughputBenchmark().measureThroughputCpuAndHeap();
    // The Pub/Sub client's and the emulator locator's threads are not daemons.
    System.exit(0);
  }

  private void measureThroughputCpuAndHeap() throws Exception {
    String emulator = PubSubEmulator.hostPort().orElseThrow();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    // Two distinct pre-rendered responses, served alternately: the fake costs a buffer copy.
    SyntheticUserGenerator generator = new SyntheticUserGenerator(2026);
    byte[][] bodies = {
      generator.nextResponse(USERS_PER_RESPONSE).toString().getBytes(StandardCharsets.UTF_8),
      generator.nextResponse(USERS_PER_RESPONSE).toString().getBytes(StandardCharsets.UTF_8)
    };
    AtomicInteger served = new AtomicInteger();
    AtomicLong fakeCpuNanos = new AtomicLong();
    HttpServer fakeApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fakeApi.setExecutor(Executors.newSingleThreadExecutor());
    fakeApi.createContext(
        "/api/",
        exchange -> {
          long cpuBefore = threads.getCurrentThreadCpuTime();
          byte[] body = bodies[served.getAndIncrement() % bodies.length];
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
          fakeCpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpuBefore);
        });
    fakeApi.start();

    List<String> report = new ArrayList<>();
    try (EmulatorPubSub pubSub = new EmulatorPubSub(emulator, "bench", false)) {
      ConfigurableApplicationContext app =
          new SpringApplicationBuilder(IngestApplication.class)
              .run(
                  "--server.port=0",
                  "--management.server.port=0",
                  "--logging.level.io.demostream=WARN",
                  "--spring.cloud.gcp.project-id=" + EmulatorPubSub.PROJECT,
                  "--spring.cloud.gcp.pubsub.emulator-host=" + emulator,
                  "--demostream.ingest.topic=" + pubSub.topicId(),
                  "--demostream.ingest.randomuser.base-url=http://127.0.0.1:"
                      + fakeApi.getAddress().getPort()
                      + "/api/",
                  "--demostream.security.api-token=bench-token");
      try {
        IngestionService ingestion = app.getBean(IngestionService.class);
        report.add("cores available: " + Runtime.getRuntime().availableProcessors());
        report.add("max heap: " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");

        // 1. Throughput, unthrottled (1000 requests/s is far above what the service sustains).
        ingestion.start(
            new StartCommand(EventSource.RANDOMUSER, null, 1000.0, USERS_PER_RESPONSE, null, null));
        Thread.sleep(WARM_UP.toMillis()); // measurement window, not synchronisation
        long published0 = ingestion.status().counts().messagesPublished();
        long cpu0 = os.getProcessCpuTime();
        long fake0 = fakeCpuNanos.get();
        long wall0 = System.nanoTime();
        Thread.sleep(MEASURE.toMillis());
        long published = ingestion.status().counts().messagesPublished() - published0;
        long serviceCpu = os.getProcessCpuTime() - cpu0 - (fakeCpuNanos.get() - fake0);
        double seconds = (System.nanoTime() - wall0) / 1e9;
        ingestion.stop();
        awaitStopped(ingestion);
        double usersPerSecond = published / seconds;
        double cpuMicrosPerUser = serviceCpu / 1e3 / published;
        double coresUsed = serviceCpu / 1e9 / seconds;
        report.add(
            String.format(
                Locale.ROOT,
                "throughput: %.0f users/s over %.0f s (%d published, 0 failures expected: %d)",
                usersPerSecond,
                seconds,
                published,
                ingestion.status().counts().publishFailures()));
        report.add(
            String.format(
                Locale.ROOT,
                "service CPU: %.1f us/user, %.2f cores busy => %.0f users/s per core of CPU",
                cpuMicrosPerUser,
                coresUsed,
                1e6 / cpuMicrosPerUser));

        // 2. Steady state at 5,000 users/s.
        ingestion.start(
            new StartCommand(EventSource.RANDOMUSER, null, 1.0, USERS_PER_RESPONSE, null, null));
        Thread.sleep(WARM_UP.toMillis());
        long steadyPublished0 = ingestion.status().counts().messagesPublished();
        long steadyWall0 = System.nanoTime();
        long maxUsed = 0;
        long sumUsed = 0;
        int samples = 0;
        for (long end = System.nanoTime() + STEADY.toNanos(); System.nanoTime() < end; ) {
          Thread.sleep(1000); // one heap sample per second
          long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          maxUsed = Math.max(maxUsed, used);
          sumUsed += used;
          samples++;
        }
        double steadyRate =
            (ingestion.status().counts().messagesPublished() - steadyPublished0)
                / ((System.nanoTime() - steadyWall0) / 1e9);
        long liveAfterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
          if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
            liveAfterGc += pool.getCollectionUsage().getUsed();
          }
        }
        ingestion.stop();
        awaitStopped(ingestion);
        report.add(
            String.format(
                Locale.ROOT,
                "steady at %.0f users/s: heap used max %d MiB, mean %d MiB over %d samples;"
                    + " heap after last GC %d MiB",
                steadyRate,
                maxUsed >> 20,
                (sumUsed / samples) >> 20,
                samples,
                liveAfterGc >> 20));
      } finally {
        app.close();
      }
    } finally {
      fakeApi.stop(0);
    }
    report.forEach(line -> System.out.println("[bench] " + line));
    Path out = Path.of("target/bench/ingest-service.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, report);
  }

  private static void awaitStopped(IngestionService ingestion) {
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> ingestion.status().state() == IngestionState.STOPPED);
  }
}
