package io.demostream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A service's {@code src/main/resources/application.yml} as flat dotted keys, so that the manifests
 * are checked against what the application really serves rather than against copied numbers.
 */
final class SpringConfiguration {

  private final String service;
  private final Map<String, String> properties = new TreeMap<>();

  private SpringConfiguration(String service, JsonNode root) {
    this.service = service;
    flatten("", root);
  }

  static SpringConfiguration of(String service) {
    Path file = Manifests.REPOSITORY.resolve(service).resolve("src/main/resources/application.yml");
    return new SpringConfiguration(service, Manifests.readYaml(file));
  }

  String service() {
    return service;
  }

  Optional<String> get(String key) {
    return Optional.ofNullable(properties.get(key));
  }

  String require(String key) {
    return get(key)
        .orElseThrow(() -> new AssertionError(service + " application.yml has no " + key));
  }

  int managementPort() {
    return Integer.parseInt(require("management.server.port"));
  }

  int serverPort() {
    return Integer.parseInt(require("server.port"));
  }

  /** The actuator's base path: Spring's default unless the application sets one. */
  String actuatorBasePath() {
    return get("management.endpoints.web.base-path").orElse("/actuator");
  }

  boolean hasHealthGroup(String group) {
    return properties.keySet().stream()
        .anyMatch(k -> k.startsWith("management.endpoint.health.group." + group + "."));
  }

  /**
   * Whether an environment variable in Spring's relaxed form (upper case, dots as underscores,
   * dashes dropped) names a key of this file or a key below one of its maps.
   */
  boolean bindsEnvironmentVariable(String variable) {
    return properties.keySet().stream()
        .map(SpringConfiguration::environmentForm)
        .anyMatch(env -> env.equals(variable) || variable.startsWith(env + "_"));
  }

  static String environmentForm(String key) {
    return key.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** A duration as Spring binds it ({@code 45s}, {@code 2m}, {@code 500ms}). */
  static Duration duration(String value) {
    String v = value.trim();
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    long amount = Long.parseLong(v.substring(0, v.length() - 1));
    return switch (v.charAt(v.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      default -> Duration.ofSeconds(Long.parseLong(v));
    };
  }

  private void flatten(String prefix, JsonNode node) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        flatten(
            prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue());
      }
    } else {
      properties.put(prefix, node.isValueNode() ? node.asText() : node.toString());
    }
  }
}
