package io.demostream.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert rules pass {@code promtool check rules}, every rule has a {@code promtool test rules}
 * case that passes, and the scrape configuration passes {@code promtool check config}. Skips with
 * the reason where promtool is not installed ({@code .ci/run} installs it).
 */
class AlertRulesTests {

  private static final String RULES = "demostream.rules.yml";
  private static final String RULE_TESTS = "demostream.rules.test.yml";

  @BeforeAll
  static void requirePromtool() {
    boolean present = Promtool.binary("promtool").isPresent();
    if (!present) {
      System.out.println(
          "[AlertRulesTests] promtool not found on PATH: skipped (apt-get install prometheus)");
    }
    assumeTrue(present, "promtool not installed");
  }

  @Test
  void rulesPassPromtoolCheck() throws Exception {
    Promtool.Result result = Promtool.run(Promtool.RULES_DIR, "check", "rules", RULES);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    Promtool.Result result = Promtool.run(Promtool.RULES_DIR, "test", "rules", RULE_TESTS);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertHasAUnitTest() throws Exception {
    YAMLMapper yaml = new YAMLMapper();
    Set<String> alerts = new HashSet<>();
    for (JsonNode group :
        yaml.readTree(Promtool.RULES_DIR.resolve(RULES).toFile()).path("groups")) {
      group.path("rules").forEach(rule -> alerts.add(rule.path("alert").asText()));
    }
    Set<String> firingInTests = new HashSet<>();
    for (JsonNode test :
        yaml.readTree(Promtool.RULES_DIR.resolve(RULE_TESTS).toFile()).path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        if (!check.path("exp_alerts").isEmpty()) {
          firingInTests.add(check.path("alertname").asText());
        }
      }
    }
    assertThat(alerts).isNotEmpty();
    assertThat(firingInTests).as("alerts with a firing unit test").containsAll(alerts);
  }

  @Test
  void scrapeConfigurationPassesPromtoolCheck() throws Exception {
    Promtool.Result result =
        Promtool.run(Promtool.PROMETHEUS_DIR, "check", "config", "--syntax-only", "prometheus.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }
}
