package io.demostream.ingest.api;

import io.demostream.ingest.ingestion.IngestionAlreadyRunningException;
import io.demostream.ingest.ingestion.IngestionShuttingDownException;
import io.demostream.ingest.push.MalformedPushException;
import io.demostream.ingest.push.PushOverloadedException;
import io.demostream.ingest.push.PushTooLargeException;
import io.demostream.ingest.push.PushUnavailableException;
import io.demostream.ingest.source.ReplayFileException;
import io.demostream.support.problem.ProblemExceptionHandler;
import io.demostream.support.problem.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every API error as an RFC 7807 problem with a stable {@code type} from service-support's {@link
 * ProblemTypes}. Bad input (bean validation, an unreadable body, an {@link
 * io.demostream.support.problem.InvalidRequestException}) is answered by service-support's {@link
 * ProblemExceptionHandler} in the shape both services share; this class adds ingestion's own
 * conflicts, limits and shutdown. Never a stack trace, an exception class or an internal message.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  /** Seconds a client should wait before retrying a start refused during shutdown. */
  static final long RETRY_AFTER_SECONDS = 30;

  @ExceptionHandler(IngestionAlreadyRunningException.class)
  ProblemDetail alreadyRunning(IngestionAlreadyRunningException ex) {
    ProblemDetail problem =
        ProblemTypes.problem(
            HttpStatus.CONFLICT,
            ProblemTypes.INGESTION_ACTIVE,
            "Ingestion already active",
            ex.getMessage());
    problem.setProperty("state", ex.status().state());
    problem.setProperty("status", ex.status());
    return problem;
  }

  @ExceptionHandler(IngestionShuttingDownException.class)
  ResponseEntity<ProblemDetail> shuttingDown(IngestionShuttingDownException ex) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS))
        .body(
            ProblemTypes.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                ProblemTypes.UNAVAILABLE,
                "Unavailable",
                "the service is shutting down; retry on another instance or later"));
  }

  @ExceptionHandler(ReplayFileException.class)
  ProblemDetail replayFile(ReplayFileException ex) {
    return ProblemTypes.invalidRequest("file", ex.getMessage());
  }

  @ExceptionHandler(MalformedPushException.class)
  ProblemDetail malformedPush(MalformedPushException ex) {
    return ProblemTypes.problem(
        HttpStatus.BAD_REQUEST,
        ProblemTypes.MALFORMED_REQUEST,
        "Malformed request",
        ex.getMessage());
  }

  @ExceptionHandler(PushTooLargeException.class)
  ProblemDetail pushTooLarge(PushTooLargeException ex) {
    ProblemDetail problem =
        ProblemTypes.problem(
            HttpStatus.PAYLOAD_TOO_LARGE,
            ProblemTypes.PAYLOAD_TOO_LARGE,
            "Payload too large",
            ex.getMessage());
    problem.setProperty("limit", ex.limit());
    problem.setProperty("max", ex.value());
    return problem;
  }

  @ExceptionHandler(PushOverloadedException.class)
  ResponseEntity<ProblemDetail> pushOverloaded(PushOverloadedException ex) {
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, seconds(ex.retryAfter()))
        .body(
            ProblemTypes.problem(
                HttpStatus.TOO_MANY_REQUESTS,
                ProblemTypes.OVERLOADED,
                "Overloaded",
                "publishing has fallen behind; nothing of this request was published, retry"
                    + " after Retry-After"));
  }

  @ExceptionHandler(PushUnavailableException.class)
  ResponseEntity<ProblemDetail> pushUnavailable(PushUnavailableException ex) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, seconds(ex.retryAfter()))
        .body(
            ProblemTypes.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                ProblemTypes.UNAVAILABLE,
                "Unavailable",
                ex.getMessage()));
  }

  /** Whole seconds for Retry-After, at least 1. */
  private static String seconds(java.time.Duration wait) {
    return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception ex) {
    log.error("unexpected error in the ingest API", ex);
    return ProblemTypes.problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        ProblemTypes.INTERNAL,
        "Internal error",
        "the request could not be completed; see the service log");
  }
}
