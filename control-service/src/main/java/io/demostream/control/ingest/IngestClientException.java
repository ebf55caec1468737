package io.demostream.control.ingest;

import io.demostream.support.problem.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A call to ingest-service failed: it refused it ({@link #status()} is its 4xx status), or it
 * stayed unreachable or faulty through every retry ({@link #status()} is 0 for I/O errors, or its
 * 5xx). Answered by the API as 502 {@code ingest-service-error}.
 */
public class IngestClientException extends ErrorResponseException {

  static final String KIND = "ingest-service-error";

  private final int status;

  public IngestClientException(int status, String detail, Throwable cause) {
    super(
        HttpStatus.BAD_GATEWAY,
        ProblemTypes.problem(HttpStatus.BAD_GATEWAY, KIND, "ingest-service call failed", detail),
        cause);
    this.status = status;
    getBody().setProperty("upstreamStatus", status);
  }

  /** ingest-service's HTTP status, or 0 if no answer came. */
  public int status() {
    return status;
  }

  public boolean conflict() {
    return status == HttpStatus.CONFLICT.value();
  }

  @Override
  public String getMessage() {
    return getBody().getDetail();
  }
}
