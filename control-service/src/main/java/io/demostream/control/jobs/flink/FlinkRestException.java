package io.demostream.control.jobs.flink;

/**
 * A Flink REST call that failed: an answer with an error status ({@link #status()}, Flink's {@code
 * errors} in the message) or no answer at all ({@code status} 0: connection refused, timeout).
 */
public class FlinkRestException extends RuntimeException {

  private final int status;

  FlinkRestException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, or 0 when the JobManager did not answer. */
  public int status() {
    return status;
  }

  /** Worth retrying: no answer, a 5xx, or 429. A 4xx other than 429 will not change. */
  public boolean isTransient() {
    return status == 0 || status == 429 || status >= 500;
  }

  public boolean isNotFound() {
    return status == 404;
  }
}
