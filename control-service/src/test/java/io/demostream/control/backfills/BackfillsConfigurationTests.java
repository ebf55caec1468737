package io.demostream.control.backfills;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demostream.control.jobs.JobsProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackfillsConfigurationTests {

  private static BackfillsProperties backfills(String prefix) {
    return new BackfillsProperties(
        prefix, Duration.ofDays(31), Duration.ofSeconds(2), Duration.ofMinutes(2));
  }

  private static JobsProperties jobs(String prefix) {
    return new JobsProperties(
        prefix, Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofSeconds(2));
  }

  @Test
  void aBackfillPrefixThatTheStreamsPrefixWouldMatchIsRefused() {
    BackfillsConfiguration configuration = new BackfillsConfiguration();

    for (String prefix :
        new String[] {"demostream", "demostream-backfill", "DemoStream Backfill"}) {
      assertThatThrownBy(
              () ->
                  configuration.backfillService(
                      null, null, null, null, backfills(prefix), jobs("demostream"), null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("demostream.backfills.name-prefix");
    }
    assertThatCode(
            () ->
                configuration.backfillService(
                    null, null, null, null, backfills("backfill"), jobs("demostream"), null))
        .doesNotThrowAnyException();
  }
}
