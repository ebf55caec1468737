package io.demostream.support.security;

import org.springframework.security.core.AuthenticationException;

/** Neither an API token nor a JWT issuer is configured, so no bearer token can succeed. */
final class CredentialsNotConfiguredException extends AuthenticationException {

  CredentialsNotConfiguredException() {
    super("no API token or JWT issuer is configured");
  }
}
