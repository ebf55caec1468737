package io.demostream.control.jobs.flinkoperator;

import io.demostream.support.problem.ProblemTypes;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A Kubernetes API call of the flink-operator launcher that failed, as a problem with the API
 * server's reason in its detail: {@code kubernetes-conflict} (409: the FlinkDeployment exists, or
 * changed under us), {@code kubernetes-forbidden} (403: control-service's service account may not
 * do this; its Role is in {@code k8s/components/flink}), {@code kubernetes-not-found} (404: the
 * FlinkDeployment, or the operator's CRD, is not there), {@code kubernetes-unavailable} (503: no
 * answer), and {@code kubernetes-error} (502) for anything else the API server refused.
 */
public class KubernetesApiException extends ErrorResponseException {

  static final String CONFLICT = "kubernetes-conflict";
  static final String FORBIDDEN = "kubernetes-forbidden";
  static final String NOT_FOUND = "kubernetes-not-found";
  static final String UNAVAILABLE = "kubernetes-unavailable";
  static final String ERROR = "kubernetes-error";

  private final int code;

  private KubernetesApiException(
      HttpStatus status, String kind, String title, String detail, int code, Throwable cause) {
    super(status, ProblemTypes.problem(status, kind, title, detail), cause);
    this.code = code;
  }

  /**
   * The problem for a failed call.
   *
   * @param action what was asked, as a phrase: {@code "create FlinkDeployment x in namespace y"}
   */
  static KubernetesApiException of(String action, KubernetesClientException e) {
    String reason = reason(e);
    return switch (e.getCode()) {
      case 409 ->
          new KubernetesApiException(
              HttpStatus.CONFLICT,
              CONFLICT,
              "Kubernetes refused a conflicting change",
              "Could not " + action + ": " + reason,
              409,
              e);
      case 403 ->
          new KubernetesApiException(
              HttpStatus.FORBIDDEN,
              FORBIDDEN,
              "Kubernetes denied control-service",
              "Could not "
                  + action
                  + ": "
                  + reason
                  + " (control-service's Role needs flinkdeployments in this namespace:"
                  + " k8s/components/flink/rbac.yaml)",
              403,
              e);
      case 404 ->
          new KubernetesApiException(
              HttpStatus.NOT_FOUND,
              NOT_FOUND,
              "Not found in Kubernetes",
              "Could not "
                  + action
                  + ": "
                  + reason
                  + " (is the Flink Kubernetes Operator's FlinkDeployment CRD installed?)",
              404,
              e);
      case 0 ->
          new KubernetesApiException(
              HttpStatus.SERVICE_UNAVAILABLE,
              UNAVAILABLE,
              "Kubernetes API unavailable",
              "Could not " + action + ": " + reason,
              0,
              e);
      default ->
          new KubernetesApiException(
              HttpStatus.BAD_GATEWAY,
              ERROR,
              "Kubernetes refused the request",
              "Could not " + action + ": " + reason,
              e.getCode(),
              e);
    };
  }

  /** The API server's message (its Status), or the client's when there was no answer. */
  private static String reason(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getMessage();
  }

  /** The API server's HTTP status; 0 when it did not answer. */
  int code() {
    return code;
  }

  @Override
  public String getMessage() {
    ProblemDetail body = getBody();
    return body.getDetail();
  }
}
