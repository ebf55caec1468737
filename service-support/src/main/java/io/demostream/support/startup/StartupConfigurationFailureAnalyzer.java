package io.demostream.support.startup;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link StartupConfigurationException} as Spring Boot's "APPLICATION FAILED TO START"
 * with every problem listed and what to do, instead of a stack trace. Registered in {@code
 * META-INF/spring.factories}.
 */
public class StartupConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<StartupConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, StartupConfigurationException cause) {
    int count = cause.problems().size();
    String description =
        cause.service()
            + " cannot start: its configuration has "
            + (count == 1 ? "one problem" : count + " problems")
            + ".\n\n - "
            + String.join("\n - ", cause.problems());
    String action =
        "Set what each problem names (as an environment variable, in application.yml or as a"
            + " --key=value argument), then start "
            + cause.service()
            + " again. Its README lists every setting.";
    return new FailureAnalysis(description, action, cause);
  }
}
