package io.demostream.control.alerts.rules;

import io.demostream.control.api.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Validates and stores rules; the controller's only collaborator. */
public class AlertRuleService {

  private final AlertRuleRepository rules;
  private final Clock clock;

  public AlertRuleService(AlertRuleRepository rules, Clock clock) {
    this.rules = rules;
    this.clock = clock;
  }

  public StoredRule create(AlertRule rule) {
    AlertRule valid = RuleValidator.validate(rule);
    return rules.insert("rule-" + UUID.randomUUID(), valid, clock.instant());
  }

  public StoredRule replace(String id, AlertRule rule) {
    AlertRule valid = RuleValidator.validate(rule);
    return rules.update(id, valid, clock.instant()).orElseThrow(() -> notFound(id));
  }

  public void delete(String id) {
    if (!rules.delete(id)) {
      throw notFound(id);
    }
  }

  public StoredRule get(String id) {
    return rules.find(id).orElseThrow(() -> notFound(id));
  }

  public List<StoredRule> list() {
    return rules.list();
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("No alert rule " + id + ".");
  }
}
