package io.demostream.control.alerts.rules;

import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alert rules over REST; mutating calls need the token, an invalid rule is a 400 naming its field.
 */
@RestController
@RequestMapping("/api/v1/alert-rules")
class AlertRulesController {

  private final AlertRuleService rules;

  AlertRulesController(AlertRuleService rules) {
    this.rules = rules;
  }

  /** 201 with the stored rule, its {@code id} and version 1. */
  @PostMapping
  ResponseEntity<StoredRule> create(@RequestBody AlertRule rule) {
    StoredRule stored = rules.create(rule);
    return ResponseEntity.created(URI.create("/api/v1/alert-rules/" + stored.id())).body(stored);
  }

  @GetMapping
  List<StoredRule> list() {
    return rules.list();
  }

  @GetMapping("/{id}")
  StoredRule get(@PathVariable String id) {
    return rules.get(id);
  }

  /** Replaces the rule; its version grows by one. Its series keep their state. */
  @PutMapping("/{id}")
  StoredRule replace(@PathVariable String id, @RequestBody AlertRule rule) {
    return rules.replace(id, rule);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable String id) {
    rules.delete(id);
    return ResponseEntity.noContent().build();
  }
}
