package io.demostream.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;

/**
 * Proves from a running service's own OpenAPI document ({@code /v3/api-docs}) that every mutating
 * operation (POST, PUT, PATCH, DELETE) refuses a request without a token and one with a wrong token
 * with 401, an RFC 6750 challenge and a {@code urn:demostream:problem:unauthorized} body. It reads
 * whatever operations the document lists, so an endpoint added later is checked without anyone
 * remembering to; a document with no mutating operation fails the check.
 */
public final class OpenApiAuthenticationCheck {

  /** The HTTP methods that change something. */
  static final Set<String> MUTATING = Set.of("post", "put", "patch", "delete");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** A check of the service listening at {@code baseUrl}, e.g. {@code http://localhost:8081}. */
  public OpenApiAuthenticationCheck(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** A check of the service listening on {@code port} of this machine. */
  public static OpenApiAuthenticationCheck onLocalPort(int port) {
    return new OpenApiAuthenticationCheck(URI.create("http://localhost:" + port));
  }

  /** One operation of the document: its method (upper case) and path template. */
  public record Operation(String method, String path) {

    /** The path with every {@code {variable}} replaced by a dummy value. */
    String concretePath() {
      return path.replaceAll("\\{[^}/]+}", "dummy-id");
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** The mutating operations the service's OpenAPI document lists. */
  public List<Operation> mutatingOperations() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(baseUrl.resolve("/v3/api-docs")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET /v3/api-docs").isEqualTo(200);
    List<Operation> operations = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths =
        JSON.readTree(response.body()).path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              method -> {
                if (MUTATING.contains(method.toLowerCase(Locale.ROOT))) {
                  operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey()));
                }
              });
    }
    return operations;
  }

  /**
   * Calls every mutating operation without a token and with a wrong one and asserts the 401 problem
   * each time; fails when the document lists no mutating operation.
   *
   * @return the operations checked, for the caller to assert that known ones are among them
   */
  public List<Operation> assertEveryMutatingOperationNeedsAToken()
      throws IOException, InterruptedException {
    List<Operation> operations = mutatingOperations();
    assertThat(operations).as("mutating operations in /v3/api-docs").isNotEmpty();
    String wrongToken = "wrong-" + UUID.randomUUID();
    SoftAssertions softly = new SoftAssertions();
    for (Operation operation : operations) {
      for (String authorization : new String[] {null, "Bearer " + wrongToken}) {
        String label = operation + (authorization == null ? " without a token" : " wrong token");
        HttpResponse<String> response = call(operation, authorization);
        softly.assertThat(response.statusCode()).as(label).isEqualTo(401);
        softly
            .assertThat(response.headers().firstValue("WWW-Authenticate"))
            .as(label + ": WWW-Authenticate")
            .hasValueSatisfying(
                challenge ->
                    assertThat(challenge)
                        .startsWith(
                            authorization == null ? "Bearer" : "Bearer error=\"invalid_token\""));
        softly
            .assertThat(response.headers().firstValue("Content-Type"))
            .as(label + ": Content-Type")
            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        softly
            .assertThat(problemType(response.body()))
            .as(label + ": problem type")
            .isEqualTo("urn:demostream:problem:unauthorized");
      }
    }
    softly.assertAll();
    return operations;
  }

  private HttpResponse<String> call(Operation operation, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(baseUrl.resolve(operation.concretePath()))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                operation.method(),
                operation.method().equals("DELETE")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String problemType(String body) {
    try {
      return JSON.readTree(body).path("type").asText(null);
    } catch (IOException e) {
      return "unreadable body: " + body;
    }
  }
}
