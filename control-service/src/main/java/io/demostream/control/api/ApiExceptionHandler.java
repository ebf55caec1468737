package io.demostream.control.api;

import static io.demostream.support.problem.ProblemTypes.FIELD;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.BaseServiceException;
import io.demostream.control.faults.Faults;
import io.demostream.support.problem.FieldPaths;
import io.demostream.support.problem.ProblemExceptionHandler;
import io.demostream.support.problem.ProblemTypes;
import jakarta.validation.ConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns every error of the REST API into an RFC 7807 problem with a stable {@code type} from
 * service-support's {@link ProblemTypes} and, where one request value is at fault, its name in
 * {@code field}. Faults of Google APIs keep their meaning: permission denied stays 403, quota 429,
 * unavailable 503 with {@code Retry-After}. Stack traces and exception class names never reach the
 * client; they are logged.
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

  @ExceptionHandler(InvalidRequestException.class)
  ResponseEntity<Object> invalidRequest(InvalidRequestException e) {
    return ResponseEntity.badRequest().body(invalid(e.field(), e.getMessage()));
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<Object> constraintViolation(ConstraintViolationException e) {
    List<Map<String, String>> errors =
        e.getConstraintViolations().stream()
            .map(v -> fieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
            .toList();
    return ResponseEntity.badRequest().body(invalid(errors));
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

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        ex.getBindingResult().getAllErrors().stream()
            .map(
                error ->
                    fieldError(
                        error instanceof FieldError field
                            ? field.getField()
                            : error.getObjectName(),
                        error.getDefaultMessage()))
            .toList();
    return handleExceptionInternal(ex, invalid(errors), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        ex.getParameterValidationResults().stream()
            .flatMap(
                result ->
                    result.getResolvableErrors().stream()
                        .map(
                            error ->
                                fieldError(
                                    error instanceof FieldError field
                                        ? field.getField()
                                        : result.getMethodParameter().getParameterName(),
                                    error.getDefaultMessage())))
            .toList();
    return handleExceptionInternal(ex, invalid(errors), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail problem =
        invalid(ex.getParameterName(), "Parameter '" + ex.getParameterName() + "' is required.");
    return handleExceptionInternal(ex, problem, headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      org.springframework.beans.TypeMismatchException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String field =
        ex instanceof MethodArgumentTypeMismatchException mismatch
            ? mismatch.getName()
            : ex.getPropertyName();
    ProblemDetail problem = invalid(field, "Value '" + ex.getValue() + "' has the wrong type.");
    return handleExceptionInternal(ex, problem, headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail problem =
        FieldPaths.of(ex)
            .map(field -> invalid(field, "Field '" + field + "' has an invalid value."))
            .orElseGet(() -> invalid(null, "The request body is missing or is not valid JSON."));
    return handleExceptionInternal(ex, problem, headers, status, request);
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

  private static ProblemDetail invalid(@Nullable String field, String detail) {
    ProblemDetail problem =
        ProblemTypes.problem(
            HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
    if (field != null) {
      problem.setProperty(FIELD, field);
    }
    return problem;
  }

  private static ProblemDetail invalid(List<Map<String, String>> errors) {
    String field = errors.isEmpty() ? null : errors.get(0).get(FIELD);
    String detail =
        errors.stream()
            .map(error -> error.get(FIELD) + ": " + error.get("message"))
            .collect(Collectors.joining("; "));
    ProblemDetail problem = invalid(field, detail.isEmpty() ? "Invalid request." : detail);
    problem.setProperty("errors", errors);
    return problem;
  }

  private static Map<String, String> fieldError(String field, @Nullable String message) {
    return Map.of(FIELD, field == null ? "" : field, "message", message == null ? "" : message);
  }

  private static String lastNode(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
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
