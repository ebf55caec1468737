package io.demostream.support.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.support.problem.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Writes authentication failures as problem details, with the challenge RFC 6750 asks for: 401
 * {@code unauthorized} and {@code WWW-Authenticate: Bearer} when the request carries no token; 401
 * with {@code Bearer error="invalid_token"} when its token is wrong (or none can succeed because
 * none is configured); 403 {@code forbidden} with {@code error="insufficient_scope"} for an
 * authenticated caller that may not perform the operation. The detail never echoes the token.
 */
public final class ProblemAuthenticationEntryPoint
    implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final ObjectMapper json;

  public ProblemAuthenticationEntryPoint(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    String detail;
    String challenge;
    if (failure instanceof CredentialsNotConfiguredException) {
      detail = "This service has no API token or JWT issuer configured, so it accepts no token.";
      challenge = invalidToken("no token is configured");
    } else if (failure instanceof OAuth2AuthenticationException
        || failure instanceof BadCredentialsException) {
      detail = "The bearer token is not valid for this service.";
      challenge = invalidToken("the token is not valid for this service");
    } else {
      // RFC 6750 3.1: a request without credentials gets the bare challenge, no error code.
      detail = "Send 'Authorization: Bearer <token>' (demostream.security.api-token).";
      challenge = "Bearer";
    }
    write(
        request,
        response,
        HttpStatus.UNAUTHORIZED,
        ProblemTypes.UNAUTHORIZED,
        "Unauthorized",
        detail,
        challenge);
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    write(
        request,
        response,
        HttpStatus.FORBIDDEN,
        ProblemTypes.FORBIDDEN,
        "Forbidden",
        "The caller may not perform this operation.",
        "Bearer error=\"insufficient_scope\"");
  }

  private static String invalidToken(String description) {
    return "Bearer error=\"invalid_token\", error_description=\"" + description + "\"";
  }

  private void write(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      String kind,
      String title,
      String detail,
      String challenge)
      throws IOException {
    ProblemDetail problem = ProblemTypes.problem(status, kind, title, detail);
    problem.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(status.value());
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
