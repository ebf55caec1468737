package io.demostream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rendered object against its field schema, offline: the Kubernetes and Gateway API kinds
 * through fabric8's object model (kubernetes-model-*, generated from the Kubernetes OpenAPI and the
 * Gateway API CRDs), GMP's PodMonitoring and Rules through {@link GmpSchema}. A field the schema
 * does not know, a wrong type or an unknown kind fails, so a misspelt key is caught before a
 * cluster ignores it (kubectl apply drops unknown fields of typed objects with a warning only).
 */
class KubernetesSchemaTests {

  private static final Map<String, Class<?>> SCHEMAS =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("gateway.networking.k8s.io/v1/Gateway", Gateway.class),
          Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class),
          Map.entry("monitoring.googleapis.com/v1/PodMonitoring", GmpSchema.PodMonitoring.class),
          Map.entry("monitoring.googleapis.com/v1/Rules", GmpSchema.Rules.class),
          Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
          Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class));

  /** The operator's FlinkDeployment, against its CRD's schema (release 1.10.0). */
  static final CrdSchema FLINK_DEPLOYMENT =
      CrdSchema.load("flinkdeployments.flink.apache.org-v1.yml", "v1beta1");

  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @ParameterizedTest
  @ValueSource(strings = {"overlays/gke", "overlays/gke-flink", "overlays/local"})
  void everyRenderedObjectMatchesItsSchema(String kustomization) {
    assumeTrue(Manifests.kubectl().isPresent(), "kubectl is not installed: cannot render");
    List<JsonNode> objects = Manifests.render(Manifests.K8S.resolve(kustomization));
    assertThat(objects).isNotEmpty();
    for (JsonNode object : objects) {
      List<String> problems = problems(object);
      assertThat(problems)
          .as("%s %s", kind(object), object.at("/metadata/name").asText())
          .isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/spec/template/spec/containers/0/livenessProbe/httpGet",
        "/spec/template/spec/containers/0/securityContext",
        "/spec/template/spec",
        "/spec"
      })
  void aMisspeltDeploymentFieldIsCaught(String where) {
    assertThat(problems(misspelt("Deployment", "control-service", where, "readOnlyRootFileSystem")))
        .isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PodMonitoring", "Rules", "HTTPRoute", "Gateway", "NetworkPolicy"})
  void aMisspeltFieldOfACustomOrNetworkingKindIsCaught(String kind) {
    assertThat(problems(misspelt(kind, null, "/spec", "endpoint"))).isNotEmpty();
  }

  @org.junit.jupiter.api.Test
  void aValueOfTheWrongTypeAndAnUnknownKindAreCaught() {
    ObjectNode deployment = renderedGke("Deployment", "ingest-service");
    ((ObjectNode) deployment.at("/spec/template/spec"))
        .put("terminationGracePeriodSeconds", "soon");
    assertThat(problems(deployment)).isNotEmpty();
    ObjectNode unknown = renderedGke("Service", "control-service");
    unknown.put("apiVersion", "v2");
    assertThat(problems(unknown)).isNotEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  private static String kind(JsonNode object) {
    return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
  }

  /** What is wrong with an object against its schema: nothing, when the list is empty. */
  static List<String> problems(JsonNode object) {
    if (kind(object).equals("flink.apache.org/v1beta1/FlinkDeployment")) {
      return FLINK_DEPLOYMENT.problems(object);
    }
    Class<?> schema = SCHEMAS.get(kind(object));
    if (schema == null) {
      return List.of("no schema for " + kind(object));
    }
    try {
      Object typed = STRICT.treeToValue(object, schema);
      List<String> problems = new ArrayList<>();
      unknownFields(typed, kind(object), problems);
      return problems;
    } catch (Exception e) {
      return List.of(e.getMessage());
    }
  }

  /**
   * fabric8's model keeps fields it does not know in {@code additionalProperties} instead of
   * failing: every such map in the object graph must be empty.
   */
  private static void unknownFields(Object value, String path, List<String> problems) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", problems);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
      return;
    }
    Class<?> type = value.getClass();
    if (!type.getName().startsWith("io.fabric8.") && !type.getName().startsWith("io.demostream.")) {
      return;
    }
    for (Method getter : type.getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || getter.getDeclaringClass() == Object.class
          || getter.getReturnType().isPrimitive()
          || getter.getReturnType().isEnum()
          || getter.getReturnType() == String.class
          || getter.getReturnType() == Class.class) {
        continue;
      }
      boolean record = type.isRecord();
      if (!record && !getter.getName().startsWith("get")) {
        continue;
      }
      Object child;
      try {
        child = getter.invoke(value);
      } catch (ReflectiveOperationException | RuntimeException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          problems.add(path + ": unknown field(s) " + extra.keySet());
        }
        continue;
      }
      unknownFields(child, path + "." + getter.getName().replaceFirst("^get", ""), problems);
    }
  }

  private static ObjectNode renderedGke(String kind, String name) {
    assumeTrue(Manifests.kubectl().isPresent(), "kubectl is not installed: cannot render");
    return (ObjectNode)
        Manifests.render(Manifests.K8S.resolve("overlays/gke")).stream()
            .filter(o -> o.path("kind").asText().equals(kind))
            .filter(o -> name == null || o.at("/metadata/name").asText().equals(name))
            .findFirst()
            .orElseThrow()
            .deepCopy();
  }

  /** A rendered object with a field that no schema knows added at {@code where}. */
  private static JsonNode misspelt(String kind, String name, String where, String field) {
    ObjectNode object = renderedGke(kind, name);
    assertThat(problems(object)).as("%s as rendered", kind).isEmpty();
    ((ObjectNode) object.at(where)).put(field, true);
    return object;
  }
}
