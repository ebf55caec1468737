package io.demostream.control.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.control.api.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Writes authentication failures as problem details: 401 {@code unauthenticated} when the request
 * carries no credentials (or none can be accepted because none are configured), 403 {@code
 * forbidden} when it carries a token that is wrong.
 */
final class ProblemAuthenticationEntryPoint
    implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final ObjectMapper objectMapper;

  ProblemAuthenticationEntryPoint(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    if (failure instanceof CredentialsNotConfiguredException) {
      write(
          response,
          HttpStatus.UNAUTHORIZED,
          ProblemTypes.UNAUTHENTICATED,
          "Authentication required",
          "This service has no API token or JWT issuer configured, so it accepts no changes.");
    } else if (hasBearerToken(request)) {
      write(
          response,
          HttpStatus.FORBIDDEN,
          ProblemTypes.FORBIDDEN,
          "Forbidden",
          "The bearer token is not valid for this service.");
    } else {
      write(
          response,
          HttpStatus.UNAUTHORIZED,
          ProblemTypes.UNAUTHENTICATED,
          "Authentication required",
          "Send 'Authorization: Bearer <token>' to change resources, jobs or runs.");
    }
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    write(
        response,
        HttpStatus.FORBIDDEN,
        ProblemTypes.FORBIDDEN,
        "Forbidden",
        "The caller may not perform this operation.");
  }

  private static boolean hasBearerToken(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  private void write(
      HttpServletResponse response, HttpStatus status, String kind, String title, String detail)
      throws IOException {
    ProblemDetail problem = ProblemTypes.problem(status, kind, title, detail);
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    if (status == HttpStatus.UNAUTHORIZED) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    objectMapper.writeValue(response.getOutputStream(), problem);
  }
}
