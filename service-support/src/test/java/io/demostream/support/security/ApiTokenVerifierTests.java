package io.demostream.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiTokenVerifierTests {

  @Test
  void matchesOnlyTheExactConfiguredToken() {
    ApiTokenVerifier verifier = new ApiTokenVerifier("s3cret");

    assertThat(verifier.configured()).isTrue();
    assertThat(verifier.matches("s3cret")).isTrue();
    assertThat(verifier.matches("s3cre")).isFalse();
    assertThat(verifier.matches("s3cret ")).isFalse();
    assertThat(verifier.matches("S3CRET")).isFalse();
    assertThat(verifier.matches("")).isFalse();
    assertThat(verifier.matches(null)).isFalse();
  }

  @Test
  void blankConfiguredTokenMatchesNothing() {
    for (String blank : new String[] {null, "", "   "}) {
      ApiTokenVerifier verifier = new ApiTokenVerifier(blank);

      assertThat(verifier.configured()).isFalse();
      assertThat(verifier.matches("")).isFalse();
      assertThat(verifier.matches("   ")).isFalse();
      assertThat(verifier.matches(blank)).isFalse();
    }
  }
}
