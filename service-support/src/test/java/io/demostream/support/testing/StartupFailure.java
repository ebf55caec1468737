package io.demostream.support.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.demostream.support.startup.StartupConfigurationException;
import io.demostream.support.startup.StartupConfigurationFailureAnalyzer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;

/**
 * A service started misconfigured, as each service's {@code StartupConfigurationTests} does it: on
 * free ports, with a {@code user.home} that has no gcloud login, expected to refuse to start with a
 * {@link StartupConfigurationException}; what Spring Boot printed is checked too.
 */
public final class StartupFailure {

  private StartupFailure() {}

  /**
   * Starts {@code application} with {@code args} and returns the failure analysis's description.
   *
   * @param home an empty folder for {@code user.home}
   */
  public static String describe(Class<?> application, Path home, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--user.home=" + home);
    all.add("--server.port=0");
    all.add("--management.server.port=0");
    Throwable failure =
        catchThrowable(() -> SpringApplication.run(application, all.toArray(String[]::new)));
    assertThat(failure).isInstanceOf(StartupConfigurationException.class);
    return new StartupConfigurationFailureAnalyzer().analyze(failure).getDescription();
  }

  /** Spring Boot printed the analysis with its {@code problems}, not a bean-creation trace. */
  public static void assertPrinted(CharSequence output, int problems) {
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains("its configuration has " + problems + " problems")
        .doesNotContain("BeanCreationException");
  }
}
