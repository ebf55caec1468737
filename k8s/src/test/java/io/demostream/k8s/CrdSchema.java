package io.demostream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates an object against a CustomResourceDefinition's structural {@code openAPIV3Schema}, as
 * the API server does for the fields it keeps: types, enums, required fields, and unknown fields
 * (which the server would prune silently) as errors. {@code metadata} is the API server's, not the
 * CRD's, and is not checked here. Enough of OpenAPI v3 for the operator's CRD: {@code properties},
 * {@code additionalProperties}, {@code items}, {@code x-kubernetes-int-or-string} and {@code
 * x-kubernetes-preserve-unknown-fields}.
 */
final class CrdSchema {

  private final JsonNode schema;

  private CrdSchema(JsonNode schema) {
    this.schema = schema;
  }

  /** The schema of {@code version} in a CRD on the test class path ({@code crds/<file>}). */
  static CrdSchema load(String resource, String version) {
    try (InputStream in = CrdSchema.class.getResourceAsStream("/crds/" + resource)) {
      JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(in);
      for (JsonNode candidate : crd.at("/spec/versions")) {
        if (candidate.path("name").asText().equals(version)) {
          return new CrdSchema(candidate.at("/schema/openAPIV3Schema"));
        }
      }
      throw new IllegalArgumentException(resource + " has no version " + version);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What is wrong with {@code object}: nothing, when the list is empty. */
  List<String> problems(JsonNode object) {
    List<String> problems = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (List.of("apiVersion", "kind", "metadata").contains(field.getKey())) {
        continue;
      }
      JsonNode property = schema.path("properties").path(field.getKey());
      if (property.isMissingNode()) {
        problems.add("." + field.getKey() + ": unknown field");
      } else {
        check(field.getValue(), property, "." + field.getKey(), problems);
      }
    }
    return problems;
  }

  private static void check(JsonNode value, JsonNode schema, String path, List<String> problems) {
    if (value.isNull() && schema.path("nullable").asBoolean(false)) {
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!value.isIntegralNumber() && !value.isTextual()) {
        problems.add(path + ": not an integer or string");
      }
      return;
    }
    switch (schema.path("type").asText("")) {
      case "object" -> object(value, schema, path, problems);
      case "array" -> {
        if (!value.isArray()) {
          problems.add(path + ": not an array");
          return;
        }
        int i = 0;
        for (JsonNode item : value) {
          check(item, schema.path("items"), path + "[" + i++ + "]", problems);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          problems.add(path + ": not a string but " + value);
        } else if (schema.has("enum") && !contains(schema.path("enum"), value)) {
          problems.add(path + ": " + value + " is none of " + schema.path("enum"));
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          problems.add(path + ": not an integer but " + value);
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          problems.add(path + ": not a number but " + value);
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          problems.add(path + ": not a boolean but " + value);
        }
      }
      default -> {
        // No type: anything goes (x-kubernetes-preserve-unknown-fields).
      }
    }
  }

  private static void object(JsonNode value, JsonNode schema, String path, List<String> problems) {
    if (!value.isObject()) {
      problems.add(path + ": not an object");
      return;
    }
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        problems.add(path + ": missing required field " + required.asText());
      }
    }
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String at = path + "." + field.getKey();
      if (properties.has(field.getKey())) {
        check(field.getValue(), properties.path(field.getKey()), at, problems);
      } else if (additional.isObject()) {
        check(field.getValue(), additional, at, problems);
      } else if (!preserve && !(path.endsWith(".metadata") && properties.isMissingNode())) {
        problems.add(at + ": unknown field");
      }
    }
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode candidate : values) {
      if (candidate.equals(value)) {
        return true;
      }
    }
    return false;
  }
}
