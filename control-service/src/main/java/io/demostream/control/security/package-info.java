/**
 * Authentication of the REST API with service-support's bearer tokens (a static token compared in
 * constant time, or a JWT from the configured OIDC issuer): 401 with a problem body and an RFC 6750
 * challenge when credentials are missing or wrong.
 */
package io.demostream.control.security;
