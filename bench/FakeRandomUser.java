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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for randomuser.me for the soak harness, loopback only: {@code GET
 * /api/?results=N} answers N real user records from the shared fixtures, each with a fresh {@code
 * login.uuid} (the contract's {@code event_id}), so every served user is a distinct user. {@code
 * POST /fault?status=503|429&seconds=S} makes it answer that status (429 with {@code Retry-After})
 * for S seconds; {@code GET /stats} reports users served and faults answered.
 *
 * <p>Run: {@code java bench/FakeRandomUser.java PORT FIXTURES_DIR}. No dependencies: the records are
 * cut out of the fixture JSON textually, which the fixtures' layout (one object per result) allows.
 */
public final class FakeRandomUser {

  private static final Pattern UUID_FIELD = Pattern.compile("\"uuid\"\\s*:\\s*\"[^\"]*\"");

  private final List<String> records;
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong faultsAnswered = new AtomicLong();
  private volatile int faultStatus;
  private volatile long faultUntilMillis;

  private FakeRandomUser(List<String> records) {
    this.records = records;
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    List<String> records = new ArrayList<>();
    try (var files = Files.list(Path.of(args[1]))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        records.addAll(results(Files.readString(file)));
      }
    }
    if (records.isEmpty()) {
      throw new IllegalStateException("no user records under " + args[1]);
    }
    FakeRandomUser fake = new FakeRandomUser(records);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/api/", fake::users);
    server.createContext("/fault", fake::fault);
    server.createContext("/stats", fake::stats);
    server.start();
    System.out.println("fake randomuser on 127.0.0.1:" + port + " with " + records.size() + " records");
  }

  /** The objects of the top-level {@code results} array, as text. */
  private static List<String> results(String json) {
    int start = json.indexOf('[', json.indexOf("\"results\""));
    List<String> objects = new ArrayList<>();
    int depth = 0;
    int objectStart = -1;
    boolean inString = false;
    for (int i = start + 1; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (c == '"') {
        inString = true;
      } else if (c == '{') {
        if (depth++ == 0) {
          objectStart = i;
        }
      } else if (c == '}') {
        if (--depth == 0) {
          objects.add(json.substring(objectStart, i + 1));
        }
      } else if (c == ']' && depth == 0) {
        break;
      }
    }
    return objects;
  }

  private void users(HttpExchange exchange) throws IOException {
    if (System.currentTimeMillis() < faultUntilMillis) {
      faultsAnswered.incrementAndGet();
      if (faultStatus == 429) {
        exchange.getResponseHeaders().add("Retry-After", "2");
      }
      send(exchange, faultStatus, "{\"error\":\"fault injected by the soak harness\"}");
      return;
    }
    int count = Math.min(5000, Math.max(1, intParam(exchange.getRequestURI(), "results", 1)));
    StringBuilder body = new StringBuilder(count * 1200).append("{\"results\":[");
    for (int i = 0; i < count; i++) {
      String record = records.get((int) ((served.get() + i) % records.size()));
      Matcher uuid = UUID_FIELD.matcher(record);
      if (i > 0) {
        body.append(',');
      }
      body.append(uuid.replaceFirst("\"uuid\":\"" + UUID.randomUUID() + "\""));
    }
    body.append("],\"info\":{\"seed\":\"soak\",\"results\":")
        .append(count)
        .append(",\"page\":1,\"version\":\"1.4\"}}");
    served.addAndGet(count);
    send(exchange, 200, body.toString());
  }

  private void fault(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    faultStatus = intParam(uri, "status", 503);
    faultUntilMillis = System.currentTimeMillis() + 1000L * intParam(uri, "seconds", 30);
    send(exchange, 200, "{\"status\":" + faultStatus + "}");
  }

  private void stats(HttpExchange exchange) throws IOException {
    send(
        exchange,
        200,
        "{\"served\":" + served.get() + ",\"faultsAnswered\":" + faultsAnswered.get() + "}");
  }

  private static int intParam(URI uri, String name, int fallback) {
    String query = uri.getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv.length == 2 && kv[0].equals(name)) {
          try {
            return Integer.parseInt(kv[1]);
          } catch (NumberFormatException e) {
            return fallback;
          }
        }
      }
    }
    return fallback;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
