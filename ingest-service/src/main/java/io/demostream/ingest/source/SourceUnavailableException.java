package io.demostream.ingest.source;

/** A fetch failed after its retries, or the circuit breaker refused it. */
public class SourceUnavailableException extends RuntimeException {

  private final int requests;

  public SourceUnavailableException(String message, int requests, Throwable cause) {
    super(message, cause);
    this.requests = requests;
  }

  /** HTTP requests sent before giving up (0 when the circuit breaker refused the call). */
  public int requests() {
    return requests;
  }
}
