/**
 * Test support both services use from this module's test-jar: {@link
 * io.demostream.support.testing.OpenApiAuthenticationCheck}, the check that every mutating
 * operation of a running service's OpenAPI document needs a token.
 */
package io.demostream.support.testing;
