/**
 * Bearer-token authentication of both services' APIs: the static API token compared in constant
 * time ({@link io.demostream.support.security.ApiTokenVerifier}), optionally JWTs from an OIDC
 * issuer ({@link io.demostream.support.security.BearerTokenAuthenticationManager}), and RFC 6750
 * challenges with problem bodies ({@link
 * io.demostream.support.security.ProblemAuthenticationEntryPoint}), wired by {@link
 * io.demostream.support.security.BearerTokenSecurity}.
 */
package io.demostream.support.security;
