package io.demostream.control.jobs.flinkoperator;

import static io.demostream.control.jobs.flinkoperator.FlinkOperatorFixtures.NAMESPACE;
import static io.demostream.control.jobs.flinkoperator.FlinkOperatorFixtures.parameters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * What the API server's refusals become: problems with a stable type, the right status and the
 * server's own reason, so that a 409, 403 or 404 says what happened and what to fix. The answers
 * stand for every request: the client retries a request that timed out on a loaded machine, and a
 * retry must meet the same refusal.
 */
@EnableKubernetesMockClient
class FlinkOperatorLauncherErrorTests {

  private static final String COLLECTION =
      "/apis/flink.apache.org/v1beta1/namespaces/" + NAMESPACE + "/flinkdeployments";

  KubernetesMockServer server;
  KubernetesClient client;

  private static Status status(int code, String reason, String message) {
    return new StatusBuilder()
        .withStatus("Failure")
        .withCode(code)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  private ProblemDetail problemOf(Runnable call, HttpStatus expected) {
    KubernetesApiException e =
        (KubernetesApiException) org.assertj.core.api.Assertions.catchThrowable(call::run);
    assertThat(e).isNotNull();
    assertThat(e.getStatusCode()).isEqualTo(expected);
    return e.getBody();
  }

  @Test
  void aDeploymentThatExistsAlreadyIsAConflict() {
    String message = "flinkdeployments.flink.apache.org \"demostream-x\" already exists";
    server
        .expect()
        .post()
        .withPath(COLLECTION)
        .andReturn(409, status(409, "AlreadyExists", message))
        .always();

    ProblemDetail problem =
        problemOf(
            () ->
                FlinkOperatorFixtures.launcher(client)
                    .launch("demostream-x", Map.of(), parameters()),
            HttpStatus.CONFLICT);
    assertThat(problem.getType().toString())
        .isEqualTo("urn:demostream:problem:kubernetes-conflict");
    assertThat(problem.getDetail())
        .isEqualTo(
            "Could not create FlinkDeployment demostream-x in namespace "
                + NAMESPACE
                + ": "
                + message);
  }

  @Test
  void aForbiddenListSaysWhichRoleIsMissing() {
    String message =
        "flinkdeployments.flink.apache.org is forbidden: User"
            + " \"system:serviceaccount:demostream:control-service\" cannot list resource"
            + " \"flinkdeployments\" in API group \"flink.apache.org\" in the namespace \""
            + NAMESPACE
            + "\"";
    server
        .expect()
        .get()
        .withPath(COLLECTION + "?labelSelector=app.kubernetes.io%2Fpart-of%3Ddemostream")
        .andReturn(403, status(403, "Forbidden", message))
        .always();

    ProblemDetail problem =
        problemOf(
            () -> FlinkOperatorFixtures.launcher(client).list("demostream"), HttpStatus.FORBIDDEN);
    assertThat(problem.getType().toString())
        .isEqualTo("urn:demostream:problem:kubernetes-forbidden");
    assertThat(problem.getDetail())
        .startsWith("Could not list FlinkDeployments in namespace " + NAMESPACE + ": " + message)
        .contains("k8s/components/flink/rbac.yaml");
  }

  @Test
  void aMissingCustomResourceDefinitionIsNotFoundWithAHint() {
    server
        .expect()
        .post()
        .withPath(COLLECTION)
        .andReturn(404, status(404, "NotFound", "the server could not find the requested resource"))
        .always();

    ProblemDetail problem =
        problemOf(
            () ->
                FlinkOperatorFixtures.launcher(client)
                    .launch("demostream-x", Map.of(), parameters()),
            HttpStatus.NOT_FOUND);
    assertThat(problem.getType().toString())
        .isEqualTo("urn:demostream:problem:kubernetes-not-found");
    assertThat(problem.getDetail())
        .contains("the server could not find the requested resource")
        .contains("FlinkDeployment CRD installed?");
  }

  @Test
  void aDrainOfAVanishedDeploymentIsNotFound() {
    server
        .expect()
        .get()
        .withPath(COLLECTION + "/demostream-gone")
        .andReturn(
            404,
            status(
                404, "NotFound", "flinkdeployments.flink.apache.org \"demostream-gone\" not found"))
        .always();

    assertThat(FlinkOperatorFixtures.launcher(client).find("demostream-gone")).isEmpty();
    assertThatThrownBy(() -> FlinkOperatorFixtures.launcher(client).drain("demostream-gone"))
        .isInstanceOf(KubernetesApiException.class)
        .hasMessageStartingWith("Could not drain FlinkDeployment demostream-gone: ");
  }
}
