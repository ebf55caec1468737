package io.demostream.ingest.source;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GETs one randomuser.me URL with the service's resilience rules: connect and read timeouts, up to
 * {@code max-attempts} tries on 5xx, 429 and I/O errors with exponential backoff and jitter, a
 * {@code 429}'s {@code Retry-After} honoured, all behind the {@code randomuser} circuit breaker.
 * Every attempt is timed in {@code demostream.ingest.api.requests} by outcome and status.
 */
public class RandomUserClient {

  static final String REQUEST_TIMER = "demostream.ingest.api.requests";

  private final HttpClient http;
  private final RandomUserProperties properties;
  private final CircuitBreaker circuitBreaker;
  private final Retry retry;
  private final MeterRegistry meters;
  private final Clock clock;

  public RandomUserClient(
      HttpClient http,
      RandomUserProperties properties,
      CircuitBreaker circuitBreaker,
      MeterRegistry meters,
      Clock clock) {
    this.http = http;
    this.properties = properties;
    this.circuitBreaker = circuitBreaker;
    this.meters = meters;
    this.clock = clock;
    this.retry = Retry.of("randomuser", retryConfig(properties));
  }

  /** The body of a 2xx response and how many requests it took. */
  public record Fetched(byte[] body, int requests) {}

  /**
   * Fetches {@code uri}.
   *
   * @throws SourceUnavailableException after the last failed attempt, or when the circuit is open
   */
  public Fetched get(URI uri) throws InterruptedException {
    AtomicInteger requests = new AtomicInteger();
    Callable<byte[]> attempt =
        () -> {
          requests.incrementAndGet();
          return send(uri);
        };
    Callable<byte[]> guarded =
        Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(circuitBreaker, attempt));
    try {
      return new Fetched(guarded.call(), requests.get());
    } catch (InterruptedException e) {
      throw e;
    } catch (CallNotPermittedException e) {
      throw new SourceUnavailableException(
          "circuit breaker is " + circuitBreaker.getState() + ": the API is not being called",
          requests.get(),
          e);
    } catch (Exception e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped while retrying " + uri);
      }
      throw new SourceUnavailableException(
          "randomuser request failed after " + requests.get() + " attempt(s): " + describe(e),
          requests.get(),
          e);
    }
  }

  /** The state of the circuit breaker, e.g. {@code CLOSED}, {@code OPEN}. */
  public String circuitState() {
    return circuitBreaker.getState().name();
  }

  private byte[] send(URI uri) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(properties.readTimeout())
            .header("Accept", "application/json")
            .build();
    Timer.Sample sample = Timer.start(meters);
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      sample.stop(timer("timeout", "none"));
      throw e;
    } catch (IOException e) {
      sample.stop(timer("io_error", "none"));
      throw e;
    }
    int status = response.statusCode();
    String code = Integer.toString(status);
    if (status == 429) {
      sample.stop(timer("rate_limited", code));
      throw new RateLimitedException(retryAfter(response));
    }
    if (status >= 500) {
      sample.stop(timer("server_error", code));
      throw new HttpStatusException(status, true);
    }
    if (status < 200 || status >= 300) {
      sample.stop(timer("client_error", code));
      throw new HttpStatusException(status, false);
    }
    sample.stop(timer("success", code));
    return response.body();
  }

  private Timer timer(String outcome, String status) {
    return Timer.builder(REQUEST_TIMER)
        .description("randomuser.me requests by outcome and HTTP status")
        .tag("outcome", outcome)
        .tag("status", status)
        .register(meters);
  }

  private Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  private RetryConfig retryConfig(RandomUserProperties properties) {
    IntervalFunction backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            properties.initialBackoff(), 2.0, 0.5, properties.maxBackoff());
    IntervalBiFunction<Object> interval =
        (attempt, outcome) -> {
          if (outcome.isLeft()
              && outcome.getLeft() instanceof RateLimitedException limited
              && limited.retryAfter().isPresent()) {
            return limited.retryAfter().get().toMillis();
          }
          return backoff.apply(attempt);
        };
    return RetryConfig.custom()
        .maxAttempts(properties.maxAttempts())
        .intervalBiFunction(interval)
        .retryOnException(this::retryable)
        .build();
  }

  private boolean retryable(Throwable error) {
    if (error instanceof RateLimitedException limited) {
      return limited
          .retryAfter()
          .map(wait -> wait.compareTo(properties.maxRetryAfter()) <= 0)
          .orElse(true);
    }
    if (error instanceof HttpStatusException status) {
      return status.serverError();
    }
    return error instanceof IOException;
  }

  private static String describe(Throwable error) {
    if (error instanceof HttpTimeoutException) {
      return "timed out";
    }
    if (error instanceof IOException) {
      return "I/O error: "
          + (error.getMessage() == null ? "connection failed" : error.getMessage());
    }
    return error.getMessage();
  }

  /** A non-2xx status other than 429. */
  static final class HttpStatusException extends RuntimeException {
    private final int status;
    private final boolean serverError;

    HttpStatusException(int status, boolean serverError) {
      super("HTTP " + status, null, false, false);
      this.status = status;
      this.serverError = serverError;
    }

    int status() {
      return status;
    }

    boolean serverError() {
      return serverError;
    }
  }

  /** A 429, with the server's {@code Retry-After} when it sent one. */
  static final class RateLimitedException extends RuntimeException {
    private final Optional<Duration> retryAfter;

    RateLimitedException(Optional<Duration> retryAfter) {
      super(
          "HTTP 429 (rate limited"
              + retryAfter.map(wait -> ", Retry-After " + wait.toSeconds() + "s").orElse("")
              + ")",
          null,
          false,
          false);
      this.retryAfter = retryAfter;
    }

    Optional<Duration> retryAfter() {
      return retryAfter;
    }
  }
}
