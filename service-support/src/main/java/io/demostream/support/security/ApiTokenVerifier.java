package io.demostream.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares a presented token with the configured one in constant time. Both are hashed with SHA-256
 * first, so neither the content nor the length of the configured token leaks through timing ({@link
 * MessageDigest#isEqual} on equal-length digests). A blank configured token matches nothing.
 */
public final class ApiTokenVerifier {

  private final byte[] expectedDigest;

  public ApiTokenVerifier(String configuredToken) {
    this.expectedDigest =
        configuredToken == null || configuredToken.isBlank() ? null : sha256(configuredToken);
  }

  /** Whether a token is configured at all. */
  public boolean configured() {
    return expectedDigest != null;
  }

  /** Whether {@code presented} is the configured token. */
  public boolean matches(String presented) {
    if (expectedDigest == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(expectedDigest, sha256(presented));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
