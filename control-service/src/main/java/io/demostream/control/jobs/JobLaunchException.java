package io.demostream.control.jobs;

import io.demostream.support.problem.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The pipeline could not be launched because of this service's configuration or environment (no
 * pipeline jar, no template spec path), answered as a 500 problem of type {@code job-launch-failed}
 * whose detail says what to fix.
 */
public class JobLaunchException extends ErrorResponseException {

  static final String KIND = "job-launch-failed";

  public JobLaunchException(String detail, Throwable cause) {
    super(HttpStatus.INTERNAL_SERVER_ERROR, problem(detail), cause);
  }

  private static ProblemDetail problem(String detail) {
    return ProblemTypes.problem(
        HttpStatus.INTERNAL_SERVER_ERROR, KIND, "Pipeline job launch failed", detail);
  }

  @Override
  public String getMessage() {
    return getBody().getDetail();
  }
}
