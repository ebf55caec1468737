package io.demostream.ingest.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.demostream.ingest.ingestion.IngestionAlreadyRunningException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every API error as an RFC 7807 problem with a stable {@code type} from {@link ProblemTypes} and,
 * for bad input, the {@code field} at fault. Never a stack trace or exception class.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<FieldError> errors = ex.getBindingResult().getFieldErrors();
    String detail =
        errors.stream()
            .map(error -> error.getField() + " " + error.getDefaultMessage())
            .sorted()
            .collect(Collectors.joining("; "));
    ProblemDetail problem =
        problem(
            HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_PARAMETER, "Invalid parameter", detail);
    if (!errors.isEmpty()) {
      problem.setProperty("field", errors.get(0).getField());
    }
    problem.setProperty(
        "errors",
        errors.stream()
            .map(error -> Map.of("field", error.getField(), "message", message(error)))
            .toList());
    return ResponseEntity.badRequest().body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String field = null;
    if (ex.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      field =
          mapping.getPath().stream()
              .map(
                  reference ->
                      reference.getFieldName() != null
                          ? reference.getFieldName()
                          : "[" + reference.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
    }
    ProblemDetail problem =
        problem(
            HttpStatus.BAD_REQUEST,
            field == null ? ProblemTypes.MALFORMED_REQUEST : ProblemTypes.INVALID_PARAMETER,
            field == null ? "Malformed request" : "Invalid parameter",
            field == null
                ? "the request body is not valid JSON for this endpoint"
                : field + " has the wrong type");
    if (field != null) {
      problem.setProperty("field", field);
    }
    return ResponseEntity.badRequest().body(problem);
  }

  @ExceptionHandler(InvalidParameterException.class)
  ProblemDetail invalidParameter(InvalidParameterException ex) {
    ProblemDetail problem =
        problem(
            HttpStatus.BAD_REQUEST,
            ProblemTypes.INVALID_PARAMETER,
            "Invalid parameter",
            ex.field() + " " + ex.getMessage());
    problem.setProperty("field", ex.field());
    return problem;
  }

  @ExceptionHandler(IngestionAlreadyRunningException.class)
  ProblemDetail alreadyRunning(IngestionAlreadyRunningException ex) {
    ProblemDetail problem =
        problem(
            HttpStatus.CONFLICT,
            ProblemTypes.INGESTION_ACTIVE,
            "Ingestion already active",
            ex.getMessage());
    problem.setProperty("state", ex.status().state());
    problem.setProperty("status", ex.status());
    return problem;
  }

  @ExceptionHandler(IllegalStateException.class)
  ProblemDetail unavailable(IllegalStateException ex) {
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Unavailable", ex.getMessage());
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception ex) {
    log.error("unexpected error in the control API", ex);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        ProblemTypes.INTERNAL,
        "Internal error",
        "the request could not be completed; see the service log");
  }

  private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type);
    problem.setTitle(title);
    return problem;
  }

  private static String message(FieldError error) {
    return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
  }
}
