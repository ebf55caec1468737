package io.demostream.ingest.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares a presented token with the configured one in constant time. Both are hashed first, so
 * neither the content nor the length of the configured token leaks through timing. A blank
 * configured token matches nothing.
 */
final class ApiTokenVerifier {

  private final byte[] expectedDigest;

  ApiTokenVerifier(String configuredToken) {
    this.expectedDigest =
        configuredToken == null || configuredToken.isBlank() ? null : sha256(configuredToken);
  }

  boolean configured() {
    return expectedDigest != null;
  }

  boolean matches(String presented) {
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
