/**
 * Authentication of the REST API: a static bearer token compared in constant time, or a JWT from
 * the configured OIDC issuer; 401 when credentials are missing, 403 when they are wrong, both as
 * problem details.
 */
package io.demostream.control.security;
