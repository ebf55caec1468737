package io.demostream.control.api;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The stable {@code type} URIs of every problem this service answers. Clients branch on these, so a
 * kind is never renamed.
 */
public final class ProblemTypes {

  public static final String BASE = "https://demostream.io/problems/";

  public static final String INVALID_REQUEST = "invalid-request";
  public static final String NOT_FOUND = "not-found";
  public static final String CONFLICT = "conflict";
  public static final String UNAUTHENTICATED = "unauthenticated";
  public static final String FORBIDDEN = "forbidden";
  public static final String GCP_PERMISSION_DENIED = "gcp-permission-denied";
  public static final String GCP_QUOTA_EXCEEDED = "gcp-quota-exceeded";
  public static final String GCP_UNAVAILABLE = "gcp-unavailable";
  public static final String GCP_ERROR = "gcp-error";
  public static final String WAREHOUSE_UNAVAILABLE = "warehouse-unavailable";
  public static final String INTERNAL = "internal";

  /** Name of the problem property that names the request field at fault. */
  public static final String FIELD = "field";

  private ProblemTypes() {}

  public static URI type(String kind) {
    return URI.create(BASE + kind);
  }

  /** A problem with the given status, kind, title and detail. */
  public static ProblemDetail problem(
      HttpStatusCode status, String kind, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type(kind));
    problem.setTitle(title);
    return problem;
  }
}
