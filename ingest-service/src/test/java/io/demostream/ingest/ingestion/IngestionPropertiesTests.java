package io.demostream.ingest.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.EventSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A default source no run can read fails the start, naming the key, not the first request. */
class IngestionPropertiesTests {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(IngestionProperties.class)
  static class Bind {}

  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(Bind.class);

  @ParameterizedTest
  @ValueSource(strings = {"push", "replay"})
  void aDefaultSourceThatNoRunReadsFailsTheStart(String source) {
    context
        .withPropertyValues("demostream.ingest.source=" + source)
        .run(
            started ->
                assertThat(started)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("demostream.ingest")
                    .hasMessageContaining("must be randomuser or synthetic"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"randomuser", "synthetic"})
  void aSourceThatARunReadsIsTheDefault(String source) {
    context
        .withPropertyValues("demostream.ingest.source=" + source)
        .run(
            started ->
                assertThat(started.getBean(IngestionProperties.class).source())
                    .isEqualTo(EventSource.valueOf(source.toUpperCase(java.util.Locale.ROOT))));
  }
}
