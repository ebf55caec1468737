package io.demostream.control.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class EmulatorPropertiesTests {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(EmulatorProperties.class)
  static class Bind {}

  final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ConfigurationPropertiesAutoConfiguration.class,
                  ValidationAutoConfiguration.class))
          .withUserConfiguration(Bind.class);

  @Test
  void defaultsMatchTheMeasuredEmulator() {
    context.run(
        started -> {
          EmulatorProperties properties = started.getBean(EmulatorProperties.class);
          assertThat(properties.heap().toMegabytes()).isEqualTo(1024);
          assertThat(properties.bytesPerMessage().toBytes()).isEqualTo(2200);
          assertThat(properties.warnAt()).isEqualTo(0.7);
          assertThat(properties.recycle()).isTrue();
        });
  }

  @Test
  void bindsTheDocumentedKeys() {
    context
        .withPropertyValues(
            "demostream.local.emulator.heap=512MB",
            "demostream.local.emulator.warn-at=0.5",
            "demostream.local.emulator.recycle=false")
        .run(
            started -> {
              EmulatorProperties properties = started.getBean(EmulatorProperties.class);
              assertThat(properties.heap().toMegabytes()).isEqualTo(512);
              assertThat(properties.warnAt()).isEqualTo(0.5);
              assertThat(properties.recycle()).isFalse();
            });
  }

  @Test
  void rejectsAWarningShareAboveTheHeapAndAnEmptyHeap() {
    context
        .withPropertyValues("demostream.local.emulator.warn-at=1.5")
        .run(started -> assertThat(started).hasFailed());
    context
        .withPropertyValues("demostream.local.emulator.heap=0")
        .run(
            started ->
                assertThat(started.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("demostream.local.emulator.heap"));
  }
}
