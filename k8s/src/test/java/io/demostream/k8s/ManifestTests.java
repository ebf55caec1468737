package io.demostream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders every overlay and checks the invariants the deployment depends on: probes, ports and
 * shutdown timing taken from the services' own application.yml; limits and the full security
 * context on every container; Workload Identity on GKE; selectors that really select; no committed
 * secret; alert rules identical to observability/'s.
 */
class ManifestTests {

  private static final List<String> SERVICES = List.of("ingest-service", "control-service");
  private static final String WI_ANNOTATION = "iam.gke.io/gcp-service-account";
  private static final ObjectMapper JSON = new ObjectMapper();
  // The container the Flink operator runs Flink in; pod templates patch it by this name.
  private static final String FLINK_MAIN_CONTAINER = "flink-main-container";
  // Spring Boot's default spring.lifecycle.timeout-per-shutdown-phase.
  private static final Duration SPRING_DEFAULT_SHUTDOWN_PHASE = Duration.ofSeconds(30);

  private static final Map<String, List<JsonNode>> rendered = new HashMap<>();

  @BeforeAll
  static void render() {
    if (Manifests.kubectl().isEmpty()) {
      System.out.println(
          "[ManifestTests] kubectl not on PATH: overlay tests skip, the base is read as plain YAML");
      return;
    }
    for (String overlay : List.of("gke", "gke-flink", "local")) {
      rendered.put(overlay, Manifests.render(Manifests.K8S.resolve("overlays").resolve(overlay)));
    }
  }

  private static List<JsonNode> overlay(String name) {
    assumeTrue(rendered.containsKey(name), "kubectl is not installed: cannot render " + name);
    return rendered.get(name);
  }

  @Test
  void baseDeploymentsAreHardenedEvenWithoutKubectl() {
    List<JsonNode> base = Manifests.readRaw(Manifests.K8S.resolve("base"));
    assertHardened(base);
    assertProbesMatchApplications(base);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gke", "gke-flink", "local"})
  void everyContainerHasLimitsAndTheFullSecurityContext(String name) {
    assertHardened(overlay(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gke", "gke-flink", "local"})
  void probesAndPortsAreTheOnesTheApplicationsServe(String name) {
    assertProbesMatchApplications(overlay(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gke", "gke-flink", "local"})
  void terminationGraceOutlastsPreStopAndSpringShutdownPhase(String name) {
    List<JsonNode> objects = overlay(name);
    for (String service : SERVICES) {
      JsonNode pod = deployment(objects, service).at("/spec/template/spec");
      JsonNode container = container(pod, service);
      Map<String, String> env = environment(objects, container);
      SpringConfiguration config = SpringConfiguration.of(service);
      Duration phase =
          env.containsKey("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE")
              ? SpringConfiguration.duration(env.get("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE"))
              : config
                  .get("spring.lifecycle.timeout-per-shutdown-phase")
                  .map(SpringConfiguration::duration)
                  .orElse(SPRING_DEFAULT_SHUTDOWN_PHASE);
      long preStop = container.at("/lifecycle/preStop/sleep/seconds").asLong(0);
      long grace = pod.path("terminationGracePeriodSeconds").asLong(30);
      assertThat(grace)
          .as(
              "%s terminationGracePeriodSeconds vs preStop %ss + shutdown phase %s",
              service, preStop, phase)
          .isGreaterThan(preStop + phase.toSeconds());
      String shutdown =
          env.getOrDefault("SERVER_SHUTDOWN", config.get("server.shutdown").orElse("immediate"));
      assertThat(shutdown).as("%s server.shutdown", service).isEqualTo("graceful");
      assertThat(env.get("JDK_JAVA_OPTIONS"))
          .as("%s heap sized from the container limit", service)
          .contains("-XX:MaxRAMPercentage=");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gke", "gke-flink", "local"})
  void configMapVariablesAreRealConfigurationKeys(String name) {
    List<JsonNode> objects = overlay(name);
    for (String service : SERVICES) {
      SpringConfiguration config = SpringConfiguration.of(service);
      JsonNode container =
          container(deployment(objects, service).at("/spec/template/spec"), service);
      environment(objects, container).keySet().stream()
          .filter(variable -> variable.startsWith("DEMOSTREAM_"))
          .forEach(
              variable ->
                  assertThat(config.bindsEnvironmentVariable(variable))
                      .as("%s: %s binds no key of its application.yml", service, variable)
                      .isTrue());
    }
  }

  @Test
  void gkeServiceAccountsUseWorkloadIdentity() {
    List<JsonNode> objects = overlay("gke");
    List<JsonNode> accounts = ofKind(objects, "ServiceAccount").toList();
    assertThat(accounts).hasSize(SERVICES.size());
    for (JsonNode account : accounts) {
      assertThat(account.at("/metadata/annotations").path(WI_ANNOTATION).asText())
          .as("Workload Identity of %s", name(account))
          .matches(
              "[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9]{4,28}[a-z0-9]\\.iam\\.gserviceaccount\\.com");
    }
    for (String service : SERVICES) {
      String accountName =
          deployment(objects, service).at("/spec/template/spec/serviceAccountName").asText();
      assertThat(accounts).extracting(ManifestTests::name).contains(accountName);
    }
    assertThat(deployment(objects, "control-service").at("/spec/replicas").asInt())
        .as("control-service replicas on GKE (runs are leased)")
        .isGreaterThanOrEqualTo(2);
  }

  /**
   * The Flink pods as far as a FlinkDeployment decides them: non-root, no privilege escalation, all
   * capabilities dropped, the runtime's seccomp profile, CPU and memory for both roles (the
   * operator makes them requests and limits), Workload Identity on their account. Not asserted,
   * because the operator and Flink's image own them: a read-only root filesystem (the image's entry
   * point writes Flink's configuration and logs under /opt/flink), {@code /tmp} on an emptyDir, and
   * probes (the operator watches the JobManager through its REST API); nor a heap percentage (Flink
   * sizes its memory from {@code resource.memory} itself).
   */
  @Test
  void flinkPodsAreHardenedAsFarAsTheFlinkDeploymentDecides() {
    List<JsonNode> objects = overlay("gke-flink");
    List<JsonNode> flinks = ofKind(objects, "FlinkDeployment").toList();
    assertThat(flinks).isNotEmpty();
    for (JsonNode flink : flinks) {
      String where = name(flink);
      JsonNode pod = flink.at("/spec/podTemplate/spec");
      assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(where).isTrue();
      assertThat(pod.at("/securityContext/seccompProfile/type").asText())
          .as(where + " seccomp")
          .isEqualTo("RuntimeDefault");
      JsonNode main = container(pod, FLINK_MAIN_CONTAINER);
      JsonNode security = main.path("securityContext");
      assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(where).isFalse();
      assertThat(security.path("privileged").asBoolean(false)).as(where).isFalse();
      assertThat(security.at("/capabilities/drop").toString()).as(where).isEqualTo("[\"ALL\"]");
      for (String role : List.of("jobManager", "taskManager")) {
        for (String resource : List.of("cpu", "memory")) {
          assertThat(flink.at("/spec/" + role + "/resource/" + resource).isMissingNode())
              .as("%s %s.resource.%s", where, role, resource)
              .isFalse();
        }
      }
      String account = flink.at("/spec/serviceAccount").asText();
      JsonNode serviceAccount =
          ofKind(objects, "ServiceAccount")
              .filter(a -> account.equals(name(a)))
              .findFirst()
              .orElseThrow(() -> new AssertionError(where + ": no ServiceAccount " + account));
      assertThat(serviceAccount.at("/metadata/annotations").path(WI_ANNOTATION).asText())
          .as("Workload Identity of %s", account)
          .endsWith(".iam.gserviceaccount.com");
    }
  }

  @Test
  void noKeyFilesAnywhere() throws Exception {
    try (Stream<Path> files = Files.walk(Manifests.K8S)) {
      files
          .filter(f -> f.toString().endsWith(".yaml"))
          .forEach(
              f ->
                  assertThat(Manifests.read(f))
                      .as("%s", f)
                      .doesNotContain("GOOGLE_APPLICATION_CREDENTIALS")
                      .doesNotContain("\"private_key\"")
                      .doesNotContain("-----BEGIN"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gke", "gke-flink", "local"})
  void selectorsMatchAcrossDeploymentsServicesMonitorsBudgetsAndPolicies(String name) {
    List<JsonNode> objects = overlay(name);
    List<JsonNode> deployments = podOwners(objects);
    for (JsonNode service : ofKind(objects, "Service").toList()) {
      JsonNode pods = selectedPod(deployments, service.at("/spec/selector"), name(service));
      for (JsonNode port : service.at("/spec/ports")) {
        assertThat(portNames(pods))
            .as("Service %s targetPort", name(service))
            .contains(port.path("targetPort").asText());
      }
    }
    for (JsonNode budget : ofKind(objects, "PodDisruptionBudget").toList()) {
      selectedPod(deployments, budget.at("/spec/selector/matchLabels"), name(budget));
    }
    for (JsonNode autoscaler : ofKind(objects, "HorizontalPodAutoscaler").toList()) {
      assertThat(deployments)
          .extracting(ManifestTests::name)
          .contains(autoscaler.at("/spec/scaleTargetRef/name").asText());
    }
    for (JsonNode monitor :
        Stream.concat(ofKind(objects, "PodMonitoring"), ofKind(objects, "ServiceMonitor"))
            .toList()) {
      JsonNode pods =
          selectedPod(deployments, monitor.at("/spec/selector/matchLabels"), name(monitor));
      for (JsonNode endpoint : monitor.at("/spec/endpoints")) {
        assertThat(portNames(pods)).contains(endpoint.path("port").asText());
        if (!isFlinkPod(pods)) {
          // Spring's actuator; Flink's Prometheus reporter answers on any path.
          assertThat(endpoint.path("path").asText()).endsWith("/prometheus");
        }
      }
    }
    for (JsonNode policy : ofKind(objects, "NetworkPolicy").toList()) {
      JsonNode selector = policy.at("/spec/podSelector");
      if (selector.isEmpty()) {
        continue;
      }
      JsonNode pods = selectedPod(deployments, selector, name(policy));
      for (JsonNode rule : policy.at("/spec/ingress")) {
        for (JsonNode port : rule.path("ports")) {
          JsonNode p = port.path("port");
          if (p.isTextual()) {
            assertThat(portNames(pods))
                .as("NetworkPolicy %s port", name(policy))
                .contains(p.asText());
          }
        }
        for (JsonNode peer : rule.path("from")) {
          if (peer.has("podSelector") && !peer.path("podSelector").isEmpty()) {
            selectedPod(deployments, peer.path("podSelector"), name(policy) + " peer");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gke", "gke-flink", "local"})
  void noSecretValueIsCommitted(String name) throws Exception {
    List<JsonNode> objects = overlay(name);
    assertThat(ofKind(objects, "Secret").toList()).as("Secrets rendered by %s", name).isEmpty();
    try (Stream<Path> files = Files.walk(Manifests.K8S)) {
      files
          .filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
          .forEach(
              f -> assertThat(Manifests.read(f)).as("%s", f).doesNotContain("secretGenerator"));
    }
    Set<String> secretNames = new HashSet<>();
    for (JsonNode configMap : ofKind(objects, "ConfigMap").toList()) {
      configMap
          .path("data")
          .fieldNames()
          .forEachRemaining(
              key ->
                  assertThat(key)
                      .as("ConfigMap %s holds no credential", name(configMap))
                      .doesNotContainIgnoringCase("TOKEN")
                      .doesNotContainIgnoringCase("PASSWORD")
                      .doesNotContainIgnoringCase("SECRET"));
    }
    for (JsonNode deployment : ofKind(objects, "Deployment").toList()) {
      for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
        for (JsonNode env : container.path("env")) {
          JsonNode ref = env.at("/valueFrom/secretKeyRef");
          if (!ref.isMissingNode()) {
            secretNames.add(ref.path("name").asText() + "/" + ref.path("key").asText());
          }
        }
      }
    }
    // The Secret is created by hand as docs/DEPLOY.md says: every name and key it reads is there.
    String deployDoc = Manifests.read(Manifests.REPOSITORY.resolve("docs/DEPLOY.md"));
    assertThat(secretNames).isNotEmpty();
    for (String ref : secretNames) {
      String[] parts = ref.split("/");
      assertThat(deployDoc)
          .as("docs/DEPLOY.md documents %s", ref)
          .contains(parts[0])
          .contains(parts[1]);
    }
  }

  @Test
  void gkeRulesAreTheObservabilityRules() {
    JsonNode rules = ofKind(overlay("gke"), "Rules").findFirst().orElseThrow();
    JsonNode source =
        Manifests.readYaml(
            Manifests.REPOSITORY.resolve("observability/prometheus/rules/demostream.rules.yml"));
    assertThat(rules.at("/spec/groups")).isEqualTo(source.path("groups"));
  }

  @Test
  void gkeMonitorsBothServicesAndLocalRunsTheEmulator() {
    assertThat(ofKind(overlay("gke"), "PodMonitoring").map(ManifestTests::name))
        .containsExactlyInAnyOrderElementsOf(SERVICES);
    JsonNode emulator = deployment(overlay("local"), "pubsub-emulator");
    int port = emulator.at("/spec/template/spec/containers/0/ports/0/containerPort").asInt();
    for (String service : SERVICES) {
      JsonNode container =
          container(deployment(overlay("local"), service).at("/spec/template/spec"), service);
      assertThat(environment(overlay("local"), container))
          .containsEntry("SPRING_CLOUD_GCP_PUBSUB_EMULATORHOST", "pubsub-emulator:" + port);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gke", "gke-flink", "local"})
  void managedAndSelfDeployedCollectorsReachEveryManagementPort(String name) {
    List<JsonNode> objects = overlay(name);
    for (String service : SERVICES) {
      JsonNode policy =
          ofKind(objects, "NetworkPolicy")
              .filter(p -> service.equals(name(p)))
              .findFirst()
              .orElseThrow(() -> new AssertionError("No NetworkPolicy " + service));
      Set<String> namespaces = new HashSet<>();
      for (JsonNode rule : policy.at("/spec/ingress")) {
        boolean management =
            StreamSupport.stream(rule.path("ports").spliterator(), false)
                .anyMatch(p -> p.path("port").asText().equals("management"));
        if (!management) {
          continue;
        }
        for (JsonNode peer : rule.path("from")) {
          for (JsonNode expression : peer.at("/namespaceSelector/matchExpressions")) {
            if (expression.path("key").asText().equals("kubernetes.io/metadata.name")
                && expression.path("operator").asText().equals("In")) {
              expression.path("values").forEach(v -> namespaces.add(v.asText()));
            }
          }
        }
      }
      assertThat(namespaces)
          .as(
              "%s management port: GKE managed collection (gke-gmp-system), self-deployed GMP"
                  + " (gmp-system) and a Prometheus Operator (monitoring)",
              service)
          .contains("gke-gmp-system", "gmp-system", "monitoring");
    }
  }

  @Test
  void theGatewayRoutesToControlServiceWhichAdmitsTheLoadBalancer() {
    List<JsonNode> objects = overlay("gke");
    JsonNode gateway = ofKind(objects, "Gateway").findFirst().orElseThrow();
    assertThat(gateway.at("/spec/gatewayClassName").asText())
        .isEqualTo("gke-l7-global-external-managed");
    JsonNode route = ofKind(objects, "HTTPRoute").findFirst().orElseThrow();
    assertThat(route.at("/spec/parentRefs/0/name").asText()).isEqualTo(name(gateway));
    JsonNode backend = route.at("/spec/rules/0/backendRefs/0");
    JsonNode service =
        ofKind(objects, "Service")
            .filter(s -> name(s).equals(backend.path("name").asText()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("HTTPRoute backend " + backend));
    JsonNode port =
        StreamSupport.stream(service.at("/spec/ports").spliterator(), false)
            .filter(p -> p.path("port").asInt() == backend.path("port").asInt())
            .findFirst()
            .orElseThrow(() -> new AssertionError("No Service port " + backend));
    assertThat(port.path("targetPort").asText()).isEqualTo("http");
    // Google's front ends and health checkers reach the pods on that port (container-native LB).
    JsonNode policy =
        ofKind(objects, "NetworkPolicy")
            .filter(p -> name(p).equals(backend.path("name").asText()))
            .findFirst()
            .orElseThrow();
    Set<String> cidrs = new HashSet<>();
    for (JsonNode rule : policy.at("/spec/ingress")) {
      if (rule.path("ports").toString().contains("\"http\"")) {
        rule.path("from").forEach(peer -> cidrs.add(peer.at("/ipBlock/cidr").asText()));
      }
    }
    assertThat(cidrs).contains("35.191.0.0/16", "130.211.0.0/22");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gke", "gke-flink", "local"})
  void noReplicasWhereAnAutoscalerOwnsTheCount(String name) {
    assertNoReplicasUnderAutoscalers(overlay(name));
  }

  @Test
  void baseSetsNoReplicasWhereAnAutoscalerOwnsTheCountEvenWithoutKubectl() {
    assertNoReplicasUnderAutoscalers(Manifests.readRaw(Manifests.K8S.resolve("base")));
  }

  @Test
  void theStatedMinimumKubernetesVersionCoversEveryFeatureUsed() {
    // lifecycle sleep actions: beta and on by default from 1.30 (alpha, off, in 1.29); native
    // sidecars (init containers with restartPolicy Always): on by default from 1.29.
    int needed = 0;
    for (JsonNode deployment : ofKind(overlay("gke"), "Deployment").toList()) {
      for (JsonNode container : containers(deployment.at("/spec/template/spec"))) {
        if (!container.at("/lifecycle/preStop/sleep").isMissingNode()
            || !container.at("/lifecycle/postStart/sleep").isMissingNode()) {
          needed = Math.max(needed, 30);
        }
        if (container.path("restartPolicy").asText().equals("Always")) {
          needed = Math.max(needed, 29);
        }
      }
    }
    assertThat(needed).isEqualTo(30);
    String minimum = "1." + needed;
    assertThat(Manifests.read(Manifests.REPOSITORY.resolve("docs/DEPLOY.md")))
        .contains("Kubernetes " + minimum + " or later");
    assertThat(Manifests.read(Manifests.K8S.resolve("overlays/gke/kustomization.yaml")))
        .contains("Kubernetes " + minimum + " or later");
    assertThat(Manifests.read(Manifests.REPOSITORY.resolve("deploy/gcp.sh")))
        .contains("MIN_KUBERNETES=" + minimum);
  }

  @Test
  void theBucketLivesInTheDataflowRegion() {
    JsonNode config =
        ofKind(overlay("gke"), "ConfigMap")
            .filter(c -> name(c).equals("control-service-config"))
            .findFirst()
            .orElseThrow()
            .path("data");
    assertThat(config.path("DEMOSTREAM_STORAGE_LOCATION").asText())
        .isEqualTo(config.path("DEMOSTREAM_DATAFLOW_REGION").asText());
    assertThat(config.path("DEMOSTREAM_DATAFLOW_TEMPLATESPECPATH").asText())
        .startsWith("gs://" + config.path("DEMOSTREAM_STORAGE_BUCKET").asText() + "/");
  }

  private static void assertNoReplicasUnderAutoscalers(List<JsonNode> objects) {
    List<JsonNode> autoscalers = ofKind(objects, "HorizontalPodAutoscaler").toList();
    assertThat(autoscalers).isNotEmpty();
    for (JsonNode autoscaler : autoscalers) {
      JsonNode target = deployment(objects, autoscaler.at("/spec/scaleTargetRef/name").asText());
      assertThat(target.at("/spec/replicas").isMissingNode())
          .as("%s sets replicas although HPA %s owns the count", name(target), name(autoscaler))
          .isTrue();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertHardened(List<JsonNode> objects) {
    List<JsonNode> deployments = ofKind(objects, "Deployment").toList();
    assertThat(deployments).isNotEmpty();
    for (JsonNode deployment : deployments) {
      JsonNode pod = deployment.at("/spec/template/spec");
      String where = name(deployment);
      assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean())
          .as(where + " runAsNonRoot")
          .isTrue();
      assertThat(pod.at("/securityContext/seccompProfile/type").asText())
          .as(where + " seccomp")
          .isEqualTo("RuntimeDefault");
      Set<String> emptyDirs = new HashSet<>();
      for (JsonNode volume : pod.path("volumes")) {
        if (volume.has("emptyDir")) {
          emptyDirs.add(volume.path("name").asText());
        }
      }
      for (JsonNode container : containers(pod)) {
        String c = where + "/" + container.path("name").asText();
        for (String resource : List.of("cpu", "memory")) {
          assertThat(container.at("/resources/limits/" + resource).isMissingNode())
              .as(c + " limits." + resource)
              .isFalse();
          assertThat(container.at("/resources/requests/" + resource).isMissingNode())
              .as(c + " requests." + resource)
              .isFalse();
        }
        JsonNode security = container.path("securityContext");
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(c).isFalse();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(c).isTrue();
        assertThat(security.path("runAsNonRoot").asBoolean()).as(c).isTrue();
        assertThat(security.path("privileged").asBoolean(false)).as(c).isFalse();
        assertThat(security.at("/capabilities/drop").toString()).as(c).isEqualTo("[\"ALL\"]");
        assertThat(security.at("/seccompProfile/type").asText()).as(c).isEqualTo("RuntimeDefault");
        if (container.has("image") && !container.path("name").asText().equals("cloud-sql-proxy")) {
          boolean tmpOnEmptyDir =
              StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                  .anyMatch(
                      m ->
                          m.path("mountPath").asText().equals("/tmp")
                              && emptyDirs.contains(m.path("name").asText()));
          assertThat(tmpOnEmptyDir).as(c + " /tmp on an emptyDir").isTrue();
        }
        assertThat(container.has("livenessProbe") && container.has("startupProbe"))
            .as(c + " liveness and startup probes")
            .isTrue();
      }
    }
  }

  private static void assertProbesMatchApplications(List<JsonNode> objects) {
    for (String service : SERVICES) {
      SpringConfiguration config = SpringConfiguration.of(service);
      JsonNode container =
          container(deployment(objects, service).at("/spec/template/spec"), service);
      assertThat(config.require("management.endpoint.health.probes.enabled")).isEqualTo("true");
      assertThat(config.require("management.endpoints.web.exposure.include"))
          .contains("health")
          .contains("prometheus");
      Map<String, Integer> ports = new HashMap<>();
      for (JsonNode port : container.path("ports")) {
        ports.put(port.path("name").asText(), port.path("containerPort").asInt());
      }
      assertThat(ports)
          .as(service + " ports")
          .containsEntry("management", config.managementPort())
          .containsEntry("http", config.serverPort());
      Map<String, String> groups =
          Map.of(
              "startupProbe",
              "liveness",
              "livenessProbe",
              "liveness",
              "readinessProbe",
              "readiness");
      groups.forEach(
          (probe, group) -> {
            JsonNode http = container.path(probe).path("httpGet");
            assertThat(config.hasHealthGroup(group))
                .as(service + " health group " + group)
                .isTrue();
            assertThat(http.path("path").asText())
                .as(service + " " + probe)
                .isEqualTo(config.actuatorBasePath() + "/health/" + group);
            assertThat(http.path("port").asText())
                .as(service + " " + probe + " port")
                .isEqualTo("management");
          });
      // A JVM start takes tens of seconds on a busy node: the startup probe must allow a minute.
      JsonNode startup = container.path("startupProbe");
      assertThat(
              startup.path("periodSeconds").asInt(10) * startup.path("failureThreshold").asInt(3))
          .as(service + " startup window in seconds")
          .isGreaterThanOrEqualTo(60);
    }
  }

  private static Stream<JsonNode> ofKind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
  }

  private static String name(JsonNode object) {
    return object.at("/metadata/name").asText();
  }

  private static JsonNode deployment(List<JsonNode> objects, String name) {
    return ofKind(objects, "Deployment")
        .filter(d -> name.equals(name(d)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No Deployment " + name));
  }

  private static List<JsonNode> containers(JsonNode pod) {
    List<JsonNode> all = new ArrayList<>();
    pod.path("initContainers").forEach(all::add);
    pod.path("containers").forEach(all::add);
    return all;
  }

  private static JsonNode container(JsonNode pod, String name) {
    for (JsonNode container : pod.path("containers")) {
      if (name.equals(container.path("name").asText())) {
        return container;
      }
    }
    throw new AssertionError("No container " + name);
  }

  /** The container's environment: its ConfigMaps (envFrom) overlaid by its own env values. */
  private static Map<String, String> environment(List<JsonNode> objects, JsonNode container) {
    Map<String, String> env = new HashMap<>();
    for (JsonNode from : container.path("envFrom")) {
      String configMap = from.at("/configMapRef/name").asText();
      JsonNode data =
          ofKind(objects, "ConfigMap")
              .filter(c -> configMap.equals(name(c)))
              .findFirst()
              .orElseThrow(() -> new AssertionError("No ConfigMap " + configMap))
              .path("data");
      data.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    }
    for (JsonNode variable : container.path("env")) {
      if (variable.has("value")) {
        env.put(variable.path("name").asText(), variable.path("value").asText());
      }
    }
    return env;
  }

  /** The pod template of the one Deployment a selector selects; fails if it selects none. */
  /**
   * The Deployments, and the pods the Flink operator makes of each FlinkDeployment, shaped like
   * Deployments: a JobManager and a TaskManager whose pod template is the FlinkDeployment's {@code
   * podTemplate} merged with {@code jobManager.podTemplate} or {@code taskManager.podTemplate} (the
   * operator's merge: labels and the main container's ports joined), plus the labels Flink's native
   * Kubernetes integration sets ({@code app}, {@code component}, {@code type}).
   */
  private static List<JsonNode> podOwners(List<JsonNode> objects) {
    List<JsonNode> owners = new ArrayList<>(ofKind(objects, "Deployment").toList());
    for (JsonNode flink : ofKind(objects, "FlinkDeployment").toList()) {
      for (String component : List.of("jobmanager", "taskmanager")) {
        ObjectNode owner = JSON.createObjectNode();
        owner.putObject("metadata").put("name", name(flink) + "-" + component);
        ObjectNode template = owner.putObject("spec").putObject("template");
        ObjectNode labels = template.putObject("metadata").putObject("labels");
        ObjectNode container = JSON.createObjectNode().put("name", FLINK_MAIN_CONTAINER);
        ArrayNode ports = container.putArray("ports");
        String role = component.equals("jobmanager") ? "jobManager" : "taskManager";
        for (JsonNode podTemplate :
            List.of(flink.at("/spec/podTemplate"), flink.at("/spec/" + role + "/podTemplate"))) {
          if (podTemplate.at("/metadata/labels").isObject()) {
            labels.setAll((ObjectNode) podTemplate.at("/metadata/labels"));
          }
          for (JsonNode c : podTemplate.at("/spec/containers")) {
            if (FLINK_MAIN_CONTAINER.equals(c.path("name").asText())) {
              c.path("ports").forEach(ports::add);
            }
          }
        }
        labels.put("app", name(flink));
        labels.put("component", component);
        labels.put("type", "flink-native-kubernetes");
        template.putObject("spec").putArray("containers").add(container);
        owners.add(owner);
      }
    }
    return owners;
  }

  private static boolean isFlinkPod(JsonNode pod) {
    return StreamSupport.stream(pod.path("containers").spliterator(), false)
        .anyMatch(c -> FLINK_MAIN_CONTAINER.equals(c.path("name").asText()));
  }

  private static JsonNode selectedPod(List<JsonNode> deployments, JsonNode selector, String by) {
    Predicate<JsonNode> matches = labels -> selects(selector, labels);
    return deployments.stream()
        .filter(d -> matches.test(d.at("/spec/template/metadata/labels")))
        .findFirst()
        .map(d -> d.at("/spec/template/spec"))
        .orElseThrow(() -> new AssertionError(by + " selects no pod: " + selector));
  }

  private static boolean selects(JsonNode selector, JsonNode labels) {
    JsonNode matchLabels =
        selector.has("matchLabels") || selector.has("matchExpressions")
            ? selector.path("matchLabels")
            : selector;
    for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      String value = labels.path(expression.path("key").asText()).asText(null);
      List<String> values = new ArrayList<>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      boolean in = value != null && values.contains(value);
      if ("In".equals(expression.path("operator").asText()) && !in) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> portNames(JsonNode pod) {
    Set<String> names = new HashSet<>();
    for (JsonNode container : containers(pod)) {
      for (JsonNode port : container.path("ports")) {
        names.add(port.path("name").asText());
      }
    }
    return names;
  }
}
