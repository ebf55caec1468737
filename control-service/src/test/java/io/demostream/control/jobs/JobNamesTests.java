package io.demostream.control.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobNamesTests {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T22:30:05Z"), ZoneOffset.UTC);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Demo Stream",
        "9lives",
        "--x--",
        "",
        "ÄÖÜ_prod",
        "a-very-long-prefix-that-goes-on-and-on-and-on"
      })
  void namesAreValidForDataflowWhateverThePrefix(String prefix) {
    String name = new JobNames(prefix, clock).next();

    assertThat(name).matches(JobNames.VALID).hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void namesCarryThePrefixAndTimeAndAreUnique() {
    JobNames names = new JobNames("Demo_Stream", clock);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String name = names.next();
      assertThat(name).startsWith("demo-stream-20261127-223005-");
      assertThat(names.owns(name)).isTrue();
      seen.add(name);
    }

    assertThat(seen).hasSize(200);
    assertThat(names.owns("demo-streamer-20261127-223005-000000")).isFalse();
  }
}
