package io.demostream.control.jobs.flinkcluster;

import io.demostream.support.problem.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A Flink cluster call that failed for good, as a problem: {@code flink-unavailable} (503) when the
 * REST API did not answer, or answered 5xx, on every attempt, so retrying later may help; {@code
 * flink-error} (502) when Flink refused the request, with Flink's reason in the detail.
 */
public class FlinkClusterException extends ErrorResponseException {

  static final String UNAVAILABLE = "flink-unavailable";
  static final String REJECTED = "flink-error";

  private final boolean unavailable;

  private FlinkClusterException(
      HttpStatus status, String kind, String title, String detail, Throwable cause) {
    super(status, ProblemTypes.problem(status, kind, title, detail), cause);
    this.unavailable = status == HttpStatus.SERVICE_UNAVAILABLE;
  }

  static FlinkClusterException unavailable(String detail, Throwable cause) {
    return new FlinkClusterException(
        HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, "Flink cluster unavailable", detail, cause);
  }

  static FlinkClusterException rejected(String detail, Throwable cause) {
    return new FlinkClusterException(
        HttpStatus.BAD_GATEWAY, REJECTED, "Flink refused the request", detail, cause);
  }

  /** Whether the cluster could not be reached, rather than refused. */
  public boolean isUnavailable() {
    return unavailable;
  }

  @Override
  public String getMessage() {
    ProblemDetail body = getBody();
    return body.getDetail();
  }
}
