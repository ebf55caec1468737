package io.demostream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gke-flink overlay: the pipeline as an operator-managed FlinkDeployment, valid against the
 * operator's CRD, found by control-service's launcher, reached and scraped as its policies say, and
 * control-service allowed FlinkDeployments in its namespace only.
 */
class FlinkManifestTests {

  private static List<JsonNode> objects;

  @BeforeAll
  static void render() {
    if (Manifests.kubectl().isPresent()) {
      objects = Manifests.render(Manifests.K8S.resolve("overlays/gke-flink"));
    }
  }

  private static List<JsonNode> rendered() {
    assumeTrue(objects != null, "kubectl is not installed: cannot render gke-flink");
    return objects;
  }

  private static JsonNode one(String kind, String name) {
    return rendered().stream()
        .filter(o -> o.path("kind").asText().equals(kind))
        .filter(o -> o.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  @Test
  void theFlinkDeploymentMatchesTheOperatorsSchemaAndAMisspeltFieldDoesNot() {
    JsonNode deployment = one("FlinkDeployment", "demostream-pipeline");
    assertThat(KubernetesSchemaTests.FLINK_DEPLOYMENT.problems(deployment)).isEmpty();

    ObjectNode misspelt = deployment.deepCopy();
    ((ObjectNode) misspelt.at("/spec/job")).put("upgradMode", "savepoint");
    assertThat(KubernetesSchemaTests.FLINK_DEPLOYMENT.problems(misspelt))
        .containsExactly(".spec.job.upgradMode: unknown field");
    ObjectNode wrongEnum = deployment.deepCopy();
    ((ObjectNode) wrongEnum.at("/spec/job")).put("upgradeMode", "snapshot");
    assertThat(KubernetesSchemaTests.FLINK_DEPLOYMENT.problems(wrongEnum)).hasSize(1);
  }

  @Test
  void thePipelineRunsInApplicationModeWithHaAndSavepointUpgrades() {
    JsonNode spec = one("FlinkDeployment", "demostream-pipeline").path("spec");
    assertThat(spec.at("/flinkVersion").asText()).isEqualTo("v1_19");
    assertThat(spec.at("/job/jarURI").asText())
        .isEqualTo("local:///opt/flink/usrlib/pipeline-bundled.jar");
    assertThat(spec.at("/job/upgradeMode").asText()).isEqualTo("savepoint");
    JsonNode configuration = spec.path("flinkConfiguration");
    assertThat(configuration.path("high-availability.type").asText()).isEqualTo("kubernetes");
    assertThat(configuration.path("state.savepoints.dir").asText()).startsWith("gs://");
    assertThat(configuration.path("state.checkpoints.dir").asText()).startsWith("gs://");
    assertThat(configuration.path("kubernetes.operator.job.drain-on-savepoint-deletion").asText())
        .isEqualTo("false");
    List<String> args = new ArrayList<>();
    spec.at("/job/args").forEach(a -> args.add(a.asText()));
    assertThat(args)
        .contains("--runner=FlinkRunner", "--flinkMaster=[auto]", "--jobName=demostream-pipeline");
  }

  /**
   * The committed FlinkDeployment runs what control-service's launcher would create for the same
   * job: its arguments are those of the fixture control-service's {@code
   * FlinkDeploymentJobFixtureTests} renders with {@code FlinkDeploymentFactory} (and the pipeline's
   * {@code FlinkApplicationModeEmulatorTest} runs).
   */
  @Test
  void theArgumentsAreTheOnesControlServicesLauncherRendersAndThePipelineTestRuns() {
    JsonNode fixture =
        Manifests.readYaml(
            Manifests.REPOSITORY.resolve(
                "pipeline/src/test/resources/flink-operator/flink-deployment-job.json"));
    JsonNode job = one("FlinkDeployment", "demostream-pipeline").at("/spec/job");
    assertThat(job.path("args")).isEqualTo(fixture.path("args"));
    assertThat(job.path("jarURI").asText()).isEqualTo(fixture.path("jarURI").asText());
    assertThat(job.path("parallelism").asInt()).isEqualTo(fixture.path("parallelism").asInt());
  }

  @Test
  void controlServiceFindsItAsItsJobAndLaunchesThroughTheOperator() {
    JsonNode labels = one("FlinkDeployment", "demostream-pipeline").at("/metadata/labels");
    // What FlinkOperatorLauncher lists by, and JobService's managed-by check.
    assertThat(labels.path("app.kubernetes.io/part-of").asText()).isEqualTo("demostream");
    assertThat(labels.path("managed-by").asText()).isEqualTo("demostream-control");
    assertThat(one("FlinkDeployment", "demostream-pipeline").at("/metadata/namespace").asText())
        .isEqualTo("demostream");
    JsonNode config = one("ConfigMap", "control-service-config").path("data");
    assertThat(config.path("DEMOSTREAM_LAUNCHER").asText()).isEqualTo("flink-operator");
    assertThat(config.path("DEMOSTREAM_FLINKOPERATOR_SAVEPOINTDIR").asText()).startsWith("gs://");
    SpringConfiguration control = SpringConfiguration.of("control-service");
    config
        .fieldNames()
        .forEachRemaining(
            variable -> {
              if (variable.startsWith("DEMOSTREAM_")) {
                assertThat(control.bindsEnvironmentVariable(variable)).as(variable).isTrue();
              }
            });
  }

  @Test
  void controlServicesRoleIsFlinkDeploymentsInItsNamespaceOnly() {
    JsonNode role = one("Role", "control-service-flinkdeployments");
    for (JsonNode rule : role.path("rules")) {
      assertThat(rule.path("apiGroups"))
          .containsExactly(((ArrayNode) rule.path("apiGroups")).get(0));
      assertThat(rule.at("/apiGroups/0").asText()).isEqualTo("flink.apache.org");
      rule.path("resources").forEach(r -> assertThat(r.asText()).startsWith("flinkdeployments"));
      rule.path("verbs").forEach(v -> assertThat(v.asText()).isNotEqualTo("*"));
    }
    JsonNode binding = one("RoleBinding", "control-service-flinkdeployments");
    assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("control-service");
    assertThat(rendered().stream().map(o -> o.path("kind").asText()))
        .doesNotContain("ClusterRole", "ClusterRoleBinding");
  }

  @Test
  void flinkPodsAreSelectedByTheirPoliciesAndScrapedOnTheReportersPort() {
    JsonNode pod = one("FlinkDeployment", "demostream-pipeline").at("/spec/podTemplate");
    String name = pod.at("/metadata/labels").path("app.kubernetes.io/name").asText();
    assertThat(name).isEqualTo("flink-pipeline");
    assertThat(
            one("NetworkPolicy", "flink-pipeline")
                .at("/spec/podSelector/matchLabels")
                .path("app.kubernetes.io/name")
                .asText())
        .isEqualTo(name);
    JsonNode monitoring = one("PodMonitoring", "flink-pipeline");
    assertThat(monitoring.at("/spec/selector/matchLabels").path("app.kubernetes.io/name").asText())
        .isEqualTo(name);
    String port = monitoring.at("/spec/endpoints/0/port").asText();
    JsonNode container = pod.at("/spec/containers/0");
    assertThat(container.path("name").asText()).isEqualTo("flink-main-container");
    assertThat(container.at("/ports/0/name").asText()).isEqualTo(port);
    assertThat(container.at("/ports/0/containerPort").asInt())
        .isEqualTo(
            Integer.parseInt(
                one("FlinkDeployment", "demostream-pipeline")
                    .at("/spec/flinkConfiguration")
                    .path("metrics.reporter.prom.port")
                    .asText()));
    JsonNode account = one("ServiceAccount", "flink-pipeline");
    assertThat(account.at("/metadata/annotations").path("iam.gke.io/gcp-service-account").asText())
        .endsWith(".iam.gserviceaccount.com");
  }
}
