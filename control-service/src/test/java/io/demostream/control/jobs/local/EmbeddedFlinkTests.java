package io.demostream.control.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The embedded cluster's REST client is made once per port and reused, not once per call. */
class EmbeddedFlinkTests {

  @Test
  void oneRestClientPerPort() {
    assertThat(EmbeddedFlink.rest(45001)).isSameAs(EmbeddedFlink.rest(45001));
    assertThat(EmbeddedFlink.rest(45002)).isNotSameAs(EmbeddedFlink.rest(45001));
    assertThat(EmbeddedFlink.rest(45002).baseUrl().getPort()).isEqualTo(45002);
  }
}
