package io.demostream.support.startup;

import java.util.List;

/**
 * A service's configuration cannot work: every problem found, each a sentence saying what to set.
 * {@link StartupConfigurationFailureAnalyzer} turns it into the startup failure report.
 */
public class StartupConfigurationException extends RuntimeException {

  private final String service;
  private final List<String> problems;

  public StartupConfigurationException(String service, List<String> problems) {
    super(service + " cannot start with this configuration:\n - " + String.join("\n - ", problems));
    this.service = service;
    this.problems = List.copyOf(problems);
  }

  public String service() {
    return service;
  }

  public List<String> problems() {
    return problems;
  }
}
