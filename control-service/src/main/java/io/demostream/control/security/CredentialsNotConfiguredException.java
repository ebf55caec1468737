package io.demostream.control.security;

import org.springframework.security.core.AuthenticationException;

/** Neither an API token nor a JWT issuer is configured, so no credentials can succeed. */
final class CredentialsNotConfiguredException extends AuthenticationException {

  CredentialsNotConfiguredException() {
    super("No API token or JWT issuer configured");
  }
}
