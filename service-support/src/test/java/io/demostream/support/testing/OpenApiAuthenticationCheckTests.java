package io.demostream.support.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The check against a fake service: it passes only when every listed mutation answers 401. */
class OpenApiAuthenticationCheckTests {

  private static final String DOCUMENT =
      """
      {"openapi":"3.1.0","paths":{
        "/api/things":{"get":{},"delete":{}},
        "/api/things/{id}/archive":{"post":{}},
        "/api/status":{"get":{}}}}
      """;

  private HttpServer server;
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void passesWhenEveryMutationAnswers401AndCallsEachWithAndWithoutAToken() throws Exception {
    URI base = serve(DOCUMENT, "/never-open");

    List<OpenApiAuthenticationCheck.Operation> checked =
        new OpenApiAuthenticationCheck(base).assertEveryMutatingOperationNeedsAToken();

    assertThat(checked)
        .containsExactlyInAnyOrder(
            new OpenApiAuthenticationCheck.Operation("DELETE", "/api/things"),
            new OpenApiAuthenticationCheck.Operation("POST", "/api/things/{id}/archive"));
    assertThat(calls)
        .containsExactlyInAnyOrder(
            "DELETE /api/things none",
            "DELETE /api/things bearer",
            "POST /api/things/dummy-id/archive none",
            "POST /api/things/dummy-id/archive bearer");
  }

  @Test
  void failsWhenOneMutationIsOpen() throws Exception {
    URI base = serve(DOCUMENT, "/api/things/dummy-id/archive");

    assertThatThrownBy(
            () -> new OpenApiAuthenticationCheck(base).assertEveryMutatingOperationNeedsAToken())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("POST /api/things/{id}/archive without a token");
  }

  @Test
  void failsWhenTheDocumentListsNoMutation() throws Exception {
    URI base = serve("{\"paths\":{\"/api/status\":{\"get\":{}}}}", "/never-open");

    assertThatThrownBy(
            () -> new OpenApiAuthenticationCheck(base).assertEveryMutatingOperationNeedsAToken())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("mutating operations in /v3/api-docs");
  }

  /** A fake service: the document, one open path, and a 401 problem everywhere else. */
  private URI serve(String document, String openPath) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          if (path.equals("/v3/api-docs")) {
            respond(exchange, 200, "application/json", document);
            return;
          }
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          calls.add(
              exchange.getRequestMethod()
                  + " "
                  + path
                  + (authorization == null ? " none" : " bearer"));
          if (path.equals(openPath)) {
            respond(exchange, 200, "application/json", "{}");
            return;
          }
          exchange
              .getResponseHeaders()
              .add(
                  "WWW-Authenticate",
                  authorization == null ? "Bearer" : "Bearer error=\"invalid_token\"");
          respond(
              exchange,
              401,
              "application/problem+json",
              "{\"type\":\"urn:demostream:problem:unauthorized\",\"status\":401}");
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
