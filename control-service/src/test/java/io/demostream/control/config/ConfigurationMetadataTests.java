package io.demostream.control.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference is generated: every {@code demostream.*} key has metadata with a
 * description (from the properties records' {@code @param} Javadoc), so none is undocumented.
 */
class ConfigurationMetadataTests {

  private static final String METADATA = "/META-INF/spring-configuration-metadata.json";

  @Test
  void everyDemostreamKeyHasADescription() throws IOException {
    Map<String, String> descriptions = demostreamDescriptions();
    assertThat(descriptions)
        .containsKeys(
            "demostream.launcher",
            "demostream.warehouse.type",
            "demostream.warehouse.jdbc-url",
            "demostream.local.data-dir",
            "demostream.local.pipeline-jar",
            "demostream.runs.poll-interval");
    List<String> undocumented = new ArrayList<>();
    descriptions.forEach(
        (key, description) -> {
          if (description == null || description.isBlank()) {
            undocumented.add(key);
          }
        });
    assertThat(undocumented).as("keys without a description").isEmpty();
  }

  private static Map<String, String> demostreamDescriptions() throws IOException {
    Map<String, String> descriptions = new TreeMap<>();
    try (InputStream in = ConfigurationMetadataTests.class.getResourceAsStream(METADATA)) {
      assertThat(in).as(METADATA + " on the classpath").isNotNull();
      for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
        String name = property.path("name").asText();
        if (name.startsWith("demostream.")) {
          descriptions.put(name, property.path("description").asText(null));
        }
      }
    }
    return descriptions;
  }
}
