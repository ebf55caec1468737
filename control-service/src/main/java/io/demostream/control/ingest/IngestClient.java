package io.demostream.control.ingest;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * Calls ingest-service's REST API: start, stop and status of ingestion. Each attempt has connect
 * and read timeouts; 5xx answers and I/O errors are retried with exponential backoff, 4xx answers
 * (a refused token, a conflict, invalid parameters) are not. Failures end as {@link
 * IngestClientException}. Every call is timed as {@code demostream.ingest.calls} by operation and
 * outcome; retries are counted as {@code demostream.ingest.retries}.
 */
public class IngestClient {

  private static final Logger log = LoggerFactory.getLogger(IngestClient.class);

  private final RestClient http;
  private final Retry retry;
  private final MeterRegistry meters;

  public IngestClient(
      IngestClientProperties properties, RestClient.Builder builder, MeterRegistry meters) {
    this.meters = meters;
    JdkClientHttpRequestFactory requestFactory =
        new JdkClientHttpRequestFactory(
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .build());
    requestFactory.setReadTimeout(properties.readTimeout());
    RestClient.Builder configured =
        builder
            .baseUrl(properties.url().toString())
            .requestFactory(requestFactory)
            .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
    if (!properties.apiToken().isBlank()) {
      configured.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.apiToken());
    }
    this.http = configured.build();
    this.retry =
        Retry.of(
            "ingest-service",
            RetryConfig.custom()
                .maxAttempts(properties.maxAttempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(properties.initialBackoff(), 2.0))
                .retryOnException(IngestClient::transientFault)
                .build());
    retry
        .getEventPublisher()
        .onRetry(
            event -> {
              meters.counter("demostream.ingest.retries").increment();
              log.warn(
                  "ingest-service call failed ({}), attempt {} of {}; retrying",
                  describe(event.getLastThrowable()),
                  event.getNumberOfRetryAttempts(),
                  properties.maxAttempts());
            });
  }

  /**
   * Starts ingestion. A 409 means ingestion already runs; after a retried attempt it is taken as
   * this call's own earlier attempt having started it (its answer was lost), and the status is
   * returned.
   */
  public IngestionStatus start(IngestionStartRequest request) {
    AtomicInteger attempts = new AtomicInteger();
    try {
      return call(
          "start",
          () -> {
            attempts.incrementAndGet();
            return http.post()
                .uri("/api/v1/ingestion/start")
                .contentType(MediaType.APPLICATION_JSON)
                .body(request)
                .retrieve()
                .body(IngestionStatus.class);
          });
    } catch (IngestClientException e) {
      if (e.conflict() && attempts.get() > 1) {
        log.info("ingest-service answered 409 to a repeated start: ingestion is running");
        return status();
      }
      throw e;
    }
  }

  /**
   * Asks ingest-service whether it would accept this start, without starting anything ({@code POST
   * /api/v1/ingestion/start?dryRun=true}): its rules for an ingestion request live there only.
   *
   * @throws IngestRequestInvalidException when ingest-service answers 400, with the field it named
   * @throws IngestClientException when it cannot answer (unreachable, 5xx after retries, 401...)
   */
  public void validate(IngestionStartRequest request) {
    call(
        "validate",
        () -> {
          try {
            http.post()
                .uri("/api/v1/ingestion/start?dryRun=true")
                .contentType(MediaType.APPLICATION_JSON)
                .body(request)
                .retrieve()
                .toBodilessEntity();
          } catch (HttpClientErrorException.BadRequest e) {
            throw invalid(e);
          }
          return null;
        });
  }

  /** Stops ingestion; stopping an idle ingestion is harmless. */
  public IngestionStatus stop() {
    return call(
        "stop",
        () -> http.post().uri("/api/v1/ingestion/stop").retrieve().body(IngestionStatus.class));
  }

  public IngestionStatus status() {
    return call(
        "status", () -> http.get().uri("/api/v1/ingestion").retrieve().body(IngestionStatus.class));
  }

  private <T> T call(String operation, Supplier<T> request) {
    Timer.Sample sample = Timer.start(meters);
    String outcome = "success";
    try {
      return Retry.decorateSupplier(retry, request).get();
    } catch (IngestRequestInvalidException e) {
      outcome = "client-error";
      throw e;
    } catch (RestClientResponseException e) {
      outcome = e.getStatusCode().is4xxClientError() ? "client-error" : "server-error";
      throw new IngestClientException(e.getStatusCode().value(), message(operation, e), e);
    } catch (ResourceAccessException e) {
      outcome = "io-error";
      // The JDK client's ConnectException has no message; its class says what happened.
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String reason =
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      throw new IngestClientException(
          0, "ingest-service " + operation + " failed: it cannot be reached (" + reason + ")", e);
    } finally {
      sample.stop(
          meters.timer("demostream.ingest.calls", "operation", operation, "outcome", outcome));
    }
  }

  private static String message(String operation, RestClientResponseException e) {
    int status = e.getStatusCode().value();
    String detail = null;
    try {
      ProblemDetail problem = e.getResponseBodyAs(ProblemDetail.class);
      detail = problem == null ? null : problem.getDetail();
    } catch (RuntimeException unreadable) {
      // Not a problem document; the status says enough.
    }
    String reason =
        switch (status) {
          case 401 -> "it requires authentication: check demostream.ingest.api-token";
          case 403 -> "it refused demostream.ingest.api-token";
          case 409 -> "it is in a conflicting state";
          default -> "it answered " + status;
        };
    return "ingest-service "
        + operation
        + " failed: "
        + reason
        + (detail == null || detail.isBlank() ? "" : " (" + detail + ")");
  }

  /**
   * The field and message of ingest-service's 400 problem (its {@code field}, else the first of its
   * {@code errors}).
   */
  private static IngestRequestInvalidException invalid(HttpClientErrorException e) {
    ProblemDetail problem = null;
    try {
      problem = e.getResponseBodyAs(ProblemDetail.class);
    } catch (RuntimeException unreadable) {
      // Not a problem document: no field to name.
    }
    if (problem == null) {
      return new IngestRequestInvalidException(null, "ingest-service refused the request");
    }
    Map<String, Object> properties =
        problem.getProperties() == null ? Map.of() : problem.getProperties();
    Object field = properties.get("field");
    String message = problem.getDetail();
    if (properties.get("errors") instanceof List<?> errors
        && !errors.isEmpty()
        && errors.get(0) instanceof Map<?, ?> first) {
      field = field == null ? first.get("field") : field;
      if (first.get("message") != null && Objects.equals(field, first.get("field"))) {
        message = field + " " + first.get("message");
      }
    }
    return new IngestRequestInvalidException(
        field == null ? null : field.toString(),
        message == null ? "ingest-service refused the request" : message);
  }

  private static boolean transientFault(Throwable e) {
    return e instanceof ResourceAccessException
        || (e instanceof RestClientResponseException response
            && response.getStatusCode().is5xxServerError());
  }

  private static String describe(Throwable e) {
    return e instanceof RestClientResponseException response
        ? "HTTP " + response.getStatusCode().value()
        : e.getClass().getSimpleName();
  }
}
