/**
 * Authentication of the ingest API: the filter chains of {@link
 * io.demostream.ingest.security.SecurityConfiguration}, built on service-support's bearer-token
 * authentication and properties ({@code demostream.security.*}); everything outside {@code /api/**}
 * stays open.
 */
package io.demostream.ingest.security;
