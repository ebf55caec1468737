/**
 * Authentication of the control API: its properties ({@code demostream.security.*}) and the filter
 * chains of {@link io.demostream.ingest.security.SecurityConfiguration}, built on service-support's
 * bearer-token authentication; everything outside {@code /api/**} stays open.
 */
package io.demostream.ingest.security;
