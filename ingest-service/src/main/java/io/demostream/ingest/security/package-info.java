/**
 * Authentication of the control API: a bearer token on {@code /api/**} checked in constant time by
 * {@link io.demostream.ingest.security.ApiTokenVerifier}; everything else (the actuator on the
 * management port) stays open. See {@link io.demostream.ingest.security.SecurityConfiguration}.
 */
package io.demostream.ingest.security;
