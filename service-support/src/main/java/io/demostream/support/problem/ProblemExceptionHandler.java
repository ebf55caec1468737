package io.demostream.support.problem;

import jakarta.validation.ConstraintViolationException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The base of each service's {@code @RestControllerAdvice}, so that both answer a bad request in
 * one shape: a 400 {@link ProblemTypes#INVALID_REQUEST} whose {@link ProblemTypes#FIELD} names the
 * value at fault and, for bean validation, an {@code errors} list of every {@code {field,
 * message}}; a body that is not JSON at all is {@link ProblemTypes#MALFORMED_REQUEST}. Spring MVC's
 * other problems (405, 415...) get a stable type from {@link ProblemTypes#ensureType} instead of
 * {@code about:blank}. The service adds handlers for its own exceptions.
 */
public abstract class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

  /** Name of the problem property listing every field error of a bean validation. */
  public static final String ERRORS = "errors";

  @ExceptionHandler(InvalidRequestException.class)
  protected ResponseEntity<Object> invalidRequest(InvalidRequestException e) {
    return ResponseEntity.badRequest().body(ProblemTypes.invalidRequest(e.field(), e.getMessage()));
  }

  @ExceptionHandler(ConstraintViolationException.class)
  protected ResponseEntity<Object> constraintViolation(ConstraintViolationException e) {
    List<Map<String, String>> errors =
        e.getConstraintViolations().stream()
            .map(v -> fieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
            .toList();
    return ResponseEntity.badRequest().body(invalid(errors));
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
    String field = ex.getParameterName();
    return handleExceptionInternal(
        ex, ProblemTypes.invalidRequest(field, field + " is required"), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String field =
        ex instanceof MethodArgumentTypeMismatchException mismatch
            ? mismatch.getName()
            : ex.getPropertyName();
    ProblemDetail problem =
        ProblemTypes.invalidRequest(field, field + " has the wrong type: '" + ex.getValue() + "'");
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
            .map(field -> ProblemTypes.invalidRequest(field, field + " has the wrong type"))
            .orElseGet(
                () ->
                    ProblemTypes.problem(
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.MALFORMED_REQUEST,
                        "Malformed request",
                        "the request body is missing or is not valid JSON for this endpoint"));
    return handleExceptionInternal(ex, problem, headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex,
      @Nullable Object body,
      HttpHeaders headers,
      HttpStatusCode statusCode,
      WebRequest request) {
    if (body == null && ex instanceof ErrorResponse errorResponse) {
      body = errorResponse.getBody();
    }
    if (body instanceof ProblemDetail problem) {
      ProblemTypes.ensureType(problem);
    }
    return super.handleExceptionInternal(ex, body, headers, statusCode, request);
  }

  /**
   * Every error of a validation in one problem: sorted by field, the first one's field as {@link
   * ProblemTypes#FIELD}, all of them in {@link #ERRORS} and in the detail.
   */
  private static ProblemDetail invalid(List<Map<String, String>> unsorted) {
    List<Map<String, String>> errors =
        unsorted.stream()
            .sorted(
                Comparator.comparing((Map<String, String> error) -> error.get(ProblemTypes.FIELD))
                    .thenComparing(error -> error.get("message")))
            .toList();
    String detail =
        errors.stream()
            .map(error -> error.get(ProblemTypes.FIELD) + " " + error.get("message"))
            .collect(Collectors.joining("; "));
    ProblemDetail problem =
        ProblemTypes.invalidRequest(
            errors.isEmpty() ? null : errors.get(0).get(ProblemTypes.FIELD),
            detail.isEmpty() ? "the request is invalid" : detail);
    problem.setProperty(ERRORS, errors);
    return problem;
  }

  private static Map<String, String> fieldError(@Nullable String field, @Nullable String message) {
    return Map.of(
        ProblemTypes.FIELD,
        field == null ? "" : field,
        "message",
        message == null ? "is invalid" : message);
  }

  private static String lastNode(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }
}
