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
    if (failure instanceof CredentialsNotConfiguredException) {
      write(
          request,
          response,
          HttpStatus.UNAUTHORIZED,
          ProblemTypes.UNAUTHORIZED,
          "Unauthorized",
          "This service has no API token or JWT issuer configured, so it accepts no token.",
          invalidToken("no token is configured"));
    } else if (failure instanceof OAuth2AuthenticationException
        || failure instanceof BadCredentialsException) {
      write(
          request,
          response,
          HttpStatus.UNAUTHORIZED,
          ProblemTypes.UNAUTHORIZED,
          "Unauthorized",
          "The bearer token is not valid for this service.",
          invalidToken("the token is not valid for this service"));
    } else {
      write(
          request,
          response,
          HttpStatus.UNAUTHORIZED,
          ProblemTypes.UNAUTHORIZED,
          "Unauthorized",
          "Send 'Authorization: Bearer <token>' (demostream.security.api-token).",
          "Bearer");
    }
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
