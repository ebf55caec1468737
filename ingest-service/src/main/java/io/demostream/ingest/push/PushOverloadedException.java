package io.demostream.ingest.push;

import java.time.Duration;

/**
 * Publishing has fallen behind: the in-flight limit has no room for the request's users. Nothing of
 * the request was published; answered 429 {@code overloaded} with {@code Retry-After}.
 */
public class PushOverloadedException extends RuntimeException {

  private final Duration retryAfter;

  public PushOverloadedException(Duration retryAfter) {
    super("publishing has fallen behind; retry later");
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
