package io.demostream.control.jobs.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the pipeline on an embedded Flink cluster, run as the local launcher's child
 * process in tests where a real Flink would take too long: it reads the {@code --flinkConfDir}
 * configuration the launcher wrote, serves the few REST endpoints the launcher calls on its {@code
 * rest.port}, writes completed checkpoints like Flink ({@code <checkpoints>/<job id>/chk-<n>/
 * _metadata}, numbered on from a restored one), restores the newest with {@code
 * --restoreLatestCheckpoint=true} and reports it as Flink does ({@code latest.restored} of {@code
 * /jobs/<id>/checkpoints}), and ends as Beam's main does: exit 0 once drained, 1 once cancelled.
 * {@code --fakeCrashAfterMs=N} makes it die with exit code 1 after N ms; {@code
 * --fakeNoCheckpoints=true} makes it complete no checkpoint.
 */
public final class FakeFlinkPipeline {

  private static volatile String state = "INITIALIZING";

  private FakeFlinkPipeline() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        options.put(arg.substring(2, eq), arg.substring(eq + 1));
      }
    }
    if (!"FlinkRunner".equals(options.get("runner"))) {
      System.err.println("fake flink pipeline: not started with --runner=FlinkRunner");
      System.exit(2);
    }
    String config =
        Files.readString(Path.of(options.get("flinkConfDir")).resolve(EmbeddedFlink.CONFIG_FILE));
    int port = Integer.parseInt(value(config, "rest.port"));
    Path checkpoints = Path.of(URI.create(value(config, "state.checkpoints.dir")));
    // As the pipeline's --restoreLatestCheckpoint: the highest-numbered completed checkpoint (the
    // fake numbers them on across restarts, so the highest is the newest).
    String restored = null;
    long firstCheckpoint = 1;
    if (Boolean.parseBoolean(options.get("restoreLatestCheckpoint"))
        && Files.isDirectory(checkpoints)) {
      try (var files = Files.walk(checkpoints)) {
        Path newest =
            files
                .filter(file -> file.getFileName().toString().equals("_metadata"))
                .map(Path::getParent)
                .max(java.util.Comparator.comparingLong(FakeFlinkPipeline::number))
                .orElse(null);
        if (newest != null) {
          restored = newest.toUri().toString();
          firstCheckpoint = number(newest) + 1;
          System.out.println("fake flink pipeline: restored from " + restored);
        }
      }
    }
    String restoredPath = restored;
    String jobId = UUID.randomUUID().toString().replace("-", "");

    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
    server.createContext(
        "/jobs/overview",
        exchange ->
            answer(
                exchange,
                200,
                "{\"jobs\":[{\"jid\":\""
                    + jobId
                    + "\",\"name\":\"fake\",\"state\":\""
                    + state
                    + "\",\"start-time\":1}]}"));
    server.createContext(
        "/jobs/" + jobId,
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          if (exchange.getRequestURI().getPath().contains("/savepoints/")) {
            answer(
                exchange,
                200,
                "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"file:/sp\"}}");
          } else if (exchange.getRequestURI().getPath().endsWith("/stop")) {
            if (!"RUNNING".equals(state)) {
              answer(exchange, 409, "{\"errors\":[\"job not running\"]}");
              return;
            }
            boolean drain = body.replace(" ", "").contains("\"drain\":true");
            System.out.println("fake flink pipeline: stop, drain=" + drain);
            state = "FINISHED";
            answer(exchange, 202, "{\"request-id\":\"trigger-1\"}");
            timers.schedule(() -> System.exit(0), 200, TimeUnit.MILLISECONDS);
          } else if (exchange.getRequestURI().getPath().endsWith("/checkpoints")) {
            answer(
                exchange,
                200,
                restoredPath == null
                    ? "{\"latest\":{\"restored\":null}}"
                    : "{\"latest\":{\"restored\":{\"id\":1,\"is_savepoint\":false,"
                        + "\"external_path\":\""
                        + restoredPath
                        + "\"}}}");
          } else if ("PATCH".equals(exchange.getRequestMethod())) {
            System.out.println("fake flink pipeline: cancel");
            state = "CANCELED";
            answer(exchange, 202, "{}");
            timers.schedule(() -> System.exit(1), 200, TimeUnit.MILLISECONDS);
          } else {
            answer(exchange, 404, "{\"errors\":[\"not found\"]}");
          }
        });
    server.start();
    System.out.println("fake flink pipeline: REST on port " + port + ", job " + jobId);

    timers.schedule(() -> state = "RUNNING", 300, TimeUnit.MILLISECONDS);
    long[] next = {firstCheckpoint};
    if (!Boolean.parseBoolean(options.get("fakeNoCheckpoints"))) {
      timers.scheduleAtFixedRate(
          () -> writeCheckpoint(checkpoints.resolve(jobId).resolve("chk-" + next[0]++)),
          400,
          200,
          TimeUnit.MILLISECONDS);
    }
    if (options.containsKey("fakeCrashAfterMs")) {
      timers.schedule(
          () -> Runtime.getRuntime().halt(1),
          Long.parseLong(options.get("fakeCrashAfterMs")),
          TimeUnit.MILLISECONDS);
    }
  }

  private static long number(Path checkpoint) {
    Matcher chk = Pattern.compile("chk-(\\d+)").matcher(checkpoint.getFileName().toString());
    return chk.matches() ? Long.parseLong(chk.group(1)) : 0;
  }

  private static void writeCheckpoint(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("_metadata"), "checkpoint");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A value of the flat YAML the launcher writes, unquoted; {@code null} if absent. */
  private static String value(String config, String key) {
    Matcher matcher =
        Pattern.compile("(?m)^" + Pattern.quote(key) + ": '?(.*?)'?$").matcher(config);
    return matcher.find() ? matcher.group(1) : null;
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
