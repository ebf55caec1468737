package io.demostream.ingest.push;

import java.time.Duration;

/**
 * Publishing a request's users failed or timed out, for some or all of them; answered 503 {@code
 * unavailable} with {@code Retry-After} and no count of accepted users. Sending the same request
 * again is safe: its users that did reach the topic carry the same {@code event_id}s (with an
 * {@code Idempotency-Key}, or their {@code login.uuid}), and the pipeline counts them once.
 */
public class PushUnavailableException extends RuntimeException {

  private final Duration retryAfter;

  public PushUnavailableException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
