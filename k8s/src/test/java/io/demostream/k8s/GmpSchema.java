package io.demostream.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * A minimal field schema of Google Managed Prometheus' {@code monitoring.googleapis.com/v1}
 * PodMonitoring and Rules, written from Google's published API reference (the "PodMonitoringSpec",
 * "ScrapeEndpoint", "ScrapeLimits", "TargetLabels", "RulesSpec", "RuleGroup" and "Rule" tables of
 * GoogleCloudPlatform/prometheus-engine doc/api.md), since no Maven artifact ships these CRDs. Read
 * with unknown properties failing ({@link KubernetesSchemaTests}), so a misspelt field is caught.
 * Fields the reference defines but the manifests do not use (the embedded HTTP client
 * configuration, relabeling rules) are left out: using one means adding it here first.
 */
final class GmpSchema {

  private GmpSchema() {}

  record PodMonitoring(
      String apiVersion, String kind, ObjectMeta metadata, PodMonitoringSpec spec) {}

  record PodMonitoringSpec(
      LabelSelector selector,
      List<ScrapeEndpoint> endpoints,
      TargetLabels targetLabels,
      ScrapeLimits limits,
      Boolean filterRunning) {}

  record ScrapeEndpoint(
      IntOrString port,
      String scheme,
      String path,
      Map<String, List<String>> params,
      String interval,
      String timeout) {}

  record TargetLabels(List<String> metadata, List<LabelMapping> fromPod) {}

  record LabelMapping(String from, String to) {}

  record ScrapeLimits(Long samples, Long labels, Long labelNameLength, Long labelValueLength) {}

  record Rules(String apiVersion, String kind, ObjectMeta metadata, RulesSpec spec) {}

  record RulesSpec(List<RuleGroup> groups) {}

  record RuleGroup(String name, String interval, List<Rule> rules) {}

  record Rule(
      String record,
      String alert,
      String expr,
      String keepFiringFor,
      Map<String, String> labels,
      Map<String, String> annotations,
      @com.fasterxml.jackson.annotation.JsonProperty("for") String forDuration) {}
}
