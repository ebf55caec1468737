package io.demostream.pipeline.bench;

import io.demostream.pipeline.DemographicsOptions;
import io.demostream.pipeline.DemographicsPipeline;
import io.demostream.pipeline.parse.ParseUserEvents;
import io.demostream.pipeline.sink.JdbcWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The whole pipeline (synthetic source, parse, windows, the three aggregations, the JDBC sink into
 * an H2 file) on the DirectRunner and on an embedded Flink cluster, one after the other on the same
 * machine:
 *
 * <ol>
 *   <li><b>Throughput</b>: the synthetic source asked for far more users than either runner can
 *       take (it generates as fast as it is read), {@code bench.pipelineSeconds} of wall time, then
 *       drained (every window flushed) before the clock stops; events = the {@code users_parsed}
 *       counter.
 *   <li><b>Freshness</b> at {@code bench.freshnessRate} users/s (default 2,000), 10 s windows, 5 s
 *       early firings, for {@code bench.freshnessSeconds}: a poller reads {@code window_summary}
 *       every 100 ms and notes when each pane lands. On-time pane: landing time minus window end.
 *       Event to first pane: the source emits at a constant rate with event time = emission time,
 *       so the i-th of a window's N users has event time start + i/N * size, and its first pane is
 *       the first whose {@code users} exceeds i; its latency is that pane's landing time minus its
 *       event time.
 * </ol>
 *
 * Run with {@code ./mvnw -B -pl pipeline -Pbench verify -DskipTests
 * -Dbench.main=io.demostream.pipeline.bench.RunnerBenchmarks}.
 */
public final class RunnerBenchmarks {

  private static final long RUN_SECONDS = Long.getLong("bench.pipelineSeconds", 40);
  private static final long FRESHNESS_SECONDS = Long.getLong("bench.freshnessSeconds", 90);
  private static final int FRESHNESS_RATE = Integer.getInteger("bench.freshnessRate", 2_000);
  private static final String RUNNERS = System.getProperty("bench.runners", "direct,flink");

  private RunnerBenchmarks() {}

  public static void main(String[] args) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("| runner | measure | result |");
    lines.add("|---|---|---|");
    for (String runner : RUNNERS.split(",")) {
      Run throughput = run(runner.trim(), 10_000_000, "10s", "5s", RUN_SECONDS, false);
      lines.add(
          String.format(
              Locale.ROOT,
              "| %s | whole pipeline, users/s (source as fast as read) | %.0f |",
              runner,
              throughput.usersPerSecond));
      lines.add(
          String.format(
              Locale.ROOT,
              "| %s | CPU cores this JVM got meanwhile; users per CPU-second | %.2f; %.0f |",
              runner,
              throughput.cores,
              throughput.usersPerSecond / throughput.cores));
      Run fresh = run(runner.trim(), FRESHNESS_RATE, "10s", "5s", FRESHNESS_SECONDS, true);
      lines.add(
          String.format(
              Locale.ROOT,
              "| %s | users/s counted at a target of %d | %.0f |",
              runner,
              FRESHNESS_RATE,
              fresh.usersPerSecond));
      lines.add(
          String.format(
              Locale.ROOT,
              "| %s | on-time pane after window end, p50 / p95 / max ms (%d windows) | %s |",
              runner,
              fresh.onTimeLatencies.size(),
              percentiles(fresh.onTimeLatencies)));
      lines.add(
          String.format(
              Locale.ROOT,
              "| %s | event time to first pane, p50 / p95 / max ms (%d users) | %s |",
              runner,
              fresh.firstPaneLatencies.size(),
              percentiles(fresh.firstPaneLatencies)));
    }
    System.out.println();
    lines.forEach(System.out::println);
    System.exit(0);
  }

  record Run(double usersPerSecond, double cores, List<Long> onTimeLatencies, List<Long> firstPaneLatencies) {}

  private static Run run(
      String runner,
      int rate,
      String windowSize,
      String earlyFiring,
      long seconds,
      boolean measureFreshness)
      throws Exception {
    Path dir = Files.createTempDirectory("bench-" + runner);
    Path drain = dir.resolve("drain");
    String url = "jdbc:h2:file:" + dir.resolve("warehouse") + ";AUTO_SERVER=TRUE";
    List<String> args =
        new ArrayList<>(
            List.of(
                "--source=synthetic",
                "--eventsPerSecond=" + rate,
                "--windowSize=" + windowSize,
                "--earlyFiringInterval=" + earlyFiring,
                "--allowedLateness=0s",
                "--sink=jdbc",
                "--jdbcUrl=" + url,
                "--drainSignalFile=" + drain));
    if (runner.equals("flink")) {
      args.addAll(
          List.of(
              "--runner=FlinkRunner",
              "--flinkMaster=[local]",
              "--parallelism=2",
              "--stateBackendStoragePath=" + dir.resolve("checkpoints").toUri()));
    } else {
      args.addAll(
          List.of(
              "--runner=DirectRunner", "--enforceImmutability=false", "--enforceEncodability=false"));
    }
    DemographicsOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
            .withValidation()
            .as(DemographicsOptions.class);
    JdbcWarehouse warehouse = new JdbcWarehouse(url, "", "");
    PaneWatcher watcher = new PaneWatcher(warehouse);
    long start = System.nanoTime();
    // An embedded Flink cluster runs the job inside run(); the DirectRunner returns at once.
    CompletableFuture<PipelineResult> running =
        CompletableFuture.supplyAsync(() -> DemographicsPipeline.run(options));
    // The clock starts with the first pane in the warehouse: start-up (10 to 40 s for Flink on a
    // loaded machine) is not throughput.
    long deadline = System.currentTimeMillis() + 300_000;
    while (watcher.isEmpty() && System.currentTimeMillis() < deadline) {
      watcher.poll();
      Thread.sleep(100); // the poll interval, not a synchronisation
    }
    long firstPaneAt = System.currentTimeMillis();
    long cpuAtFirstPane = processCpuNanos();
    long end = firstPaneAt + seconds * 1000;
    while (System.currentTimeMillis() < end) {
      watcher.poll();
      Thread.sleep(100); // the poll interval and the measured interval, not a synchronisation
    }
    long drainedAt = System.currentTimeMillis();
    double cores = (processCpuNanos() - cpuAtFirstPane) / 1e6 / (drainedAt - firstPaneAt);
    Files.createFile(drain);
    PipelineResult result = running.get(5, TimeUnit.MINUTES);
    result.waitUntilFinish();
    watcher.poll();
    double elapsed = (System.nanoTime() - start) / 1e9;
    long users = ParseUserEvents.counterTotal(result, ParseUserEvents.PARSED_COUNTER);
    double steady = watcher.usersPerSecond(firstPaneAt, drainedAt);
    System.out.printf(
        Locale.ROOT,
        "[bench] %s at %d/s: %d users in %.1f s in all; %.0f users/s in complete windows between"
            + " the first pane and the drain, using %.2f cores of CPU%n",
        runner,
        rate,
        users,
        elapsed,
        steady,
        cores);
    return new Run(
        steady,
        cores,
        measureFreshness ? watcher.onTime(drainedAt) : List.of(),
        measureFreshness ? watcher.firstPane(drainedAt) : List.of());
  }

  /** Notes when each pane of {@code window_summary} is first seen in the warehouse. */
  static final class PaneWatcher {
    private final JdbcWarehouse warehouse;
    /** window start ms -> pane index -> {landed at ms, users, window end ms, on time 0/1}. */
    private final Map<Long, Map<Integer, long[]>> panes = new HashMap<>();

    PaneWatcher(JdbcWarehouse warehouse) {
      this.warehouse = warehouse;
    }

    boolean isEmpty() {
      return panes.isEmpty();
    }

    /**
     * Users per second of event time in the windows that start after {@code from} and end before
     * {@code to}, from their last pane: the synthetic source stamps each user with the time it
     * was read, so this is the rate the pipeline took them in, start-up and drain left out.
     */
    double usersPerSecond(long from, long to) {
      long users = 0;
      long millis = 0;
      for (Map.Entry<Long, Map<Integer, long[]>> window : panes.entrySet()) {
        long[] any = window.getValue().values().iterator().next();
        if (window.getKey() >= from && any[2] <= to) {
          users += window.getValue().values().stream().mapToLong(pane -> pane[1]).max().orElse(0);
          millis += any[2] - window.getKey();
        }
      }
      return millis == 0 ? 0 : users * 1000.0 / millis;
    }

    void poll() {
      long now = System.currentTimeMillis();
      try (Connection connection = warehouse.connect();
          Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT window_start, window_end, pane_index, pane_timing, users"
                      + " FROM window_summary")) {
        while (rows.next()) {
          long windowStart = rows.getTimestamp(1).getTime();
          int index = rows.getInt(3);
          panes
              .computeIfAbsent(windowStart, k -> new HashMap<>())
              .computeIfAbsent(
                  index,
                  k -> {
                    try {
                      return new long[] {
                        now,
                        rows.getLong(5),
                        rows.getTimestamp(2).getTime(),
                        "ON_TIME".equals(rows.getString(4)) ? 1 : 0
                      };
                    } catch (SQLException e) {
                      throw new IllegalStateException(e);
                    }
                  });
        }
      } catch (SQLException e) {
        // The tables are created when the pipeline starts; until then there is nothing to see.
      }
    }

    /** Landing time minus window end of each on-time pane of a window that closed before the drain. */
    List<Long> onTime(long drainedAt) {
      List<Long> latencies = new ArrayList<>();
      for (Map<Integer, long[]> window : panes.values()) {
        for (long[] pane : window.values()) {
          if (pane[3] == 1 && pane[2] < drainedAt) {
            latencies.add(pane[0] - pane[2]);
          }
        }
      }
      return latencies;
    }

    /** Per user of every complete window: first pane landing time minus its event time. */
    List<Long> firstPane(long drainedAt) {
      List<Long> latencies = new ArrayList<>();
      for (Map.Entry<Long, Map<Integer, long[]>> window : panes.entrySet()) {
        List<long[]> ordered =
            window.getValue().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .toList();
        long[] last = ordered.get(ordered.size() - 1);
        long windowStart = window.getKey();
        long windowEnd = last[2];
        boolean complete = ordered.stream().anyMatch(pane -> pane[3] == 1);
        // Only windows seen from their first pane to their on-time pane, before the drain.
        if (!complete || windowEnd >= drainedAt || window.getValue().get(0) == null) {
          continue;
        }
        long total = ordered.stream().mapToLong(pane -> pane[1]).max().orElse(0);
        int pane = 0;
        for (long i = 0; i < total; i++) {
          while (ordered.get(pane)[1] <= i) {
            pane++;
          }
          long eventTime = windowStart + i * (windowEnd - windowStart) / total;
          latencies.add(ordered.get(pane)[0] - eventTime);
        }
      }
      return latencies;
    }
  }

  /** CPU time of this process, all threads (the pipeline, the runner, H2, GC, JIT). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String percentiles(List<Long> values) {
    if (values.isEmpty()) {
      return "none";
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return String.format(
        Locale.ROOT,
        "%d / %d / %d",
        sorted.get((int) Math.floor(0.50 * (sorted.size() - 1))),
        sorted.get((int) Math.floor(0.95 * (sorted.size() - 1))),
        sorted.get(sorted.size() - 1));
  }
}
