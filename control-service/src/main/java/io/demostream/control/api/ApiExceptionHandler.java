package io.demostream.control.api;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.BaseServiceException;
import io.demostream.control.faults.Faults;
import io.demostream.support.problem.ProblemExceptionHandler;
import io.demostream.support.problem.ProblemTypes;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns every error of the REST API into an RFC 7807 problem with a stable {@code type} from
 * service-support's {@link ProblemTypes}. Bad input (bean validation, a missing or mistyped
 * parameter, an unreadable body, an {@link io.demostream.support.problem.InvalidRequestException})
 * is answered by service-support's {@link ProblemExceptionHandler} in the shape both services
 * share, naming the {@code field} at fault. Faults of Google APIs keep their meaning: permission
 * denied stays 403, quota 429, unavailable 503 with {@code Retry-After}. Stack traces and exception
 * class names never reach the client; they are logged.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ProblemExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  /** Seconds a client should wait before retrying after a 429 or 503. */
  static final long RETRY_AFTER_SECONDS = 30;

  @ExceptionHandler(ConflictException.class)
  ResponseEntity<Object> conflict(ConflictException e) {
    ProblemDetail problem =
        ProblemTypes.problem(
            HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", e.getMessage());
    e.properties().forEach(problem::setProperty);
    return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<Object> notFound(NotFoundException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(
            ProblemTypes.problem(
                HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", e.getMessage()));
  }

  /** Faults of Google Cloud APIs, and of anything that wraps one. */
  @ExceptionHandler({ApiException.class, BaseServiceException.class})
  ResponseEntity<Object> google(RuntimeException e) {
    return googleProblem(e, e);
  }

  /** Anything else: a 500 (or the mapped Google / warehouse fault found among its causes). */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e) {
    Optional<Throwable> google =
        causes(e)
            .filter(c -> c instanceof ApiException || c instanceof BaseServiceException)
            .findFirst();
    if (google.isPresent()) {
      return googleProblem(e, google.get());
    }
    if (causes(e)
        .anyMatch(
            c ->
                c instanceof CannotGetJdbcConnectionException
                    || c instanceof SQLTransientException
                    || c instanceof SQLNonTransientConnectionException)) {
      log.warn("Warehouse unavailable: {}", e.toString());
      ProblemDetail problem =
          ProblemTypes.problem(
              HttpStatus.SERVICE_UNAVAILABLE,
              ProblemTypes.WAREHOUSE_UNAVAILABLE,
              "Warehouse unavailable",
              "The warehouse database cannot be reached; retry later.");
      addContext(e, problem);
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS))
          .body(problem);
    }
    log.error("Unhandled error", e);
    ProblemDetail problem =
        ProblemTypes.problem(
            HttpStatus.INTERNAL_SERVER_ERROR,
            ProblemTypes.INTERNAL,
            "Internal error",
            "The request failed unexpectedly; the service log has the details.");
    addContext(e, problem);
    return ResponseEntity.internalServerError().body(problem);
  }

  private ResponseEntity<Object> googleProblem(Throwable outer, Throwable fault) {
    GoogleFault kind = GoogleFault.of(fault);
    ProblemDetail problem =
        ProblemTypes.problem(
            kind.status, kind.type, kind.title, kind.title + ": " + safeMessage(fault));
    addContext(outer, problem);
    if (kind.status == HttpStatus.INTERNAL_SERVER_ERROR || kind.status == HttpStatus.BAD_GATEWAY) {
      log.error("Google Cloud call failed", outer);
    } else {
      log.warn("Google Cloud call failed ({}): {}", kind.type, fault.toString());
    }
    ResponseEntity.BodyBuilder response = ResponseEntity.status(kind.status);
    if (kind.status == HttpStatus.SERVICE_UNAVAILABLE
        || kind.status == HttpStatus.TOO_MANY_REQUESTS) {
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
    }
    return response.body(problem);
  }

  /** Adds what the failing operation was about, when the exception carries it. */
  private static void addContext(Throwable e, ProblemDetail problem) {
    causes(e)
        .filter(ProblemContext.class::isInstance)
        .map(ProblemContext.class::cast)
        .findFirst()
        .ifPresent(context -> context.problemProperties().forEach(problem::setProperty));
  }

  /** Google's messages name the resource and the missing permission, never a credential. */
  private static String safeMessage(Throwable fault) {
    String message = fault.getMessage();
    if (message == null || message.isBlank()) {
      return "no message";
    }
    String firstLine = message.lines().findFirst().orElse(message);
    return firstLine.length() > 500 ? firstLine.substring(0, 500) + "..." : firstLine;
  }

  private static java.util.stream.Stream<Throwable> causes(Throwable e) {
    return java.util.stream.Stream.iterate(
            e, c -> c != null, c -> c.getCause() == c ? null : c.getCause())
        .limit(16);
  }

  /** How a Google API fault is answered. */
  private enum GoogleFault {
    PERMISSION_DENIED(
        HttpStatus.FORBIDDEN,
        ProblemTypes.GCP_PERMISSION_DENIED,
        "Google Cloud denied the operation"),
    QUOTA(
        HttpStatus.TOO_MANY_REQUESTS,
        ProblemTypes.GCP_QUOTA_EXCEEDED,
        "Google Cloud quota exceeded"),
    UNAVAILABLE(
        HttpStatus.SERVICE_UNAVAILABLE,
        ProblemTypes.GCP_UNAVAILABLE,
        "Google Cloud is unavailable"),
    OTHER(HttpStatus.BAD_GATEWAY, ProblemTypes.GCP_ERROR, "Google Cloud call failed");

    final HttpStatus status;
    final String type;
    final String title;

    GoogleFault(HttpStatus status, String type, String title) {
      this.status = status;
      this.type = type;
      this.title = title;
    }

    static GoogleFault of(Throwable fault) {
      return switch (Faults.classify(fault)) {
        case PERMISSION_DENIED -> PERMISSION_DENIED;
        case QUOTA_EXCEEDED -> QUOTA;
        case UNAVAILABLE -> UNAVAILABLE;
        default -> OTHER;
      };
    }
  }
}
