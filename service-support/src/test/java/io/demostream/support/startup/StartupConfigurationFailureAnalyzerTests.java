package io.demostream.support.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

class StartupConfigurationFailureAnalyzerTests {

  @Test
  void everyProblemIsListedInPlainSentencesWithWhatToDo() {
    FailureAnalysis analysis =
        new StartupConfigurationFailureAnalyzer()
            .analyze(
                new BeanCreationException(
                    "wrapped",
                    new StartupConfigurationException(
                        "some-service", List.of("set a.b to x", "set c.d to y"))));

    assertThat(analysis.getDescription())
        .isEqualTo(
            "some-service cannot start: its configuration has 2 problems.\n\n"
                + " - set a.b to x\n - set c.d to y");
    assertThat(analysis.getAction()).contains("then start some-service again");
  }

  @Test
  void springBootFindsTheAnalyzer() {
    // Skipping Boot's own analyzers, which need a bean factory to be instantiated.
    assertThat(
            SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, (factoryType, name, failure) -> {})
                .stream()
                .map(Object::getClass))
        .contains(StartupConfigurationFailureAnalyzer.class);
  }
}
