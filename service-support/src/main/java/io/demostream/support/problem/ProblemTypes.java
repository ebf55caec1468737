package io.demostream.support.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The one vocabulary of problem {@code type}s of both services: {@code
 * urn:demostream:problem:<kind>}. Clients branch on these, so a kind is never renamed; a new kind
 * is added here, so that the two services never name one situation twice.
 */
public final class ProblemTypes {

  /** Every problem type is this prefix followed by its kind. */
  public static final String PREFIX = "urn:demostream:problem:";

  /** 400: a request value is wrong; {@link #FIELD} names it. */
  public static final String INVALID_REQUEST = "invalid-request";

  /** 400: the request body cannot be read at all (missing, not JSON, or not an object). */
  public static final String MALFORMED_REQUEST = "malformed-request";

  /** 401: no bearer token, or one that is not valid for this service. */
  public static final String UNAUTHORIZED = "unauthorized";

  /** 403: the caller is authenticated but may not perform the operation. */
  public static final String FORBIDDEN = "forbidden";

  /** 404: the addressed entity does not exist. */
  public static final String NOT_FOUND = "not-found";

  /** 409: the request conflicts with the current state. */
  public static final String CONFLICT = "conflict";

  /** 409 (ingest-service): a start while ingestion is running or stopping. */
  public static final String INGESTION_ACTIVE = "ingestion-active";

  /** 413 (ingest-service): the request body or its number of items is past a configured limit. */
  public static final String PAYLOAD_TOO_LARGE = "payload-too-large";

  /**
   * 429 (ingest-service): the service is behind (publishing cannot keep up); retry after {@code
   * Retry-After}.
   */
  public static final String OVERLOADED = "overloaded";

  /** 503: the service cannot take the request now (for example, it is shutting down). */
  public static final String UNAVAILABLE = "unavailable";

  /** 403 (control-service): Google Cloud refused the operation. */
  public static final String GCP_PERMISSION_DENIED = "gcp-permission-denied";

  /** 429 (control-service): a Google Cloud quota or rate limit was hit. */
  public static final String GCP_QUOTA_EXCEEDED = "gcp-quota-exceeded";

  /** 503 (control-service): Google Cloud is unavailable for now. */
  public static final String GCP_UNAVAILABLE = "gcp-unavailable";

  /** 502 (control-service): any other Google Cloud fault. */
  public static final String GCP_ERROR = "gcp-error";

  /** 503 (control-service): the warehouse database cannot be reached. */
  public static final String WAREHOUSE_UNAVAILABLE = "warehouse-unavailable";

  /** 500: anything unexpected; the service log has the details, the client never does. */
  public static final String INTERNAL = "internal";

  /** Name of the problem property that names the request field at fault. */
  public static final String FIELD = "field";

  private ProblemTypes() {}

  /** The type URI of a kind. */
  public static URI type(String kind) {
    return URI.create(PREFIX + kind);
  }

  /** A problem with the given status, kind, title and detail. */
  public static ProblemDetail problem(
      HttpStatusCode status, String kind, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type(kind));
    problem.setTitle(title);
    return problem;
  }

  /**
   * Gives a problem that Spring MVC built itself (405, 406, 415, a missing parameter...) a stable
   * type instead of {@code about:blank}: {@link #INVALID_REQUEST} for a 400, otherwise the status
   * name ({@code method-not-allowed}). A problem that has a type keeps it.
   */
  public static void ensureType(ProblemDetail problem) {
    if (problem.getType() != null && !"about:blank".equals(problem.getType().toString())) {
      return;
    }
    int status = problem.getStatus();
    HttpStatus known = HttpStatus.resolve(status);
    String kind =
        status == 400
            ? INVALID_REQUEST
            : known == null ? "http-" + status : known.name().toLowerCase().replace('_', '-');
    problem.setType(type(kind));
  }

  /** A 400 {@link #INVALID_REQUEST} naming the field at fault (none when {@code field} is null). */
  public static ProblemDetail invalidRequest(String field, String detail) {
    ProblemDetail problem =
        problem(HttpStatusCode.valueOf(400), INVALID_REQUEST, "Invalid request", detail);
    if (field != null) {
      problem.setProperty(FIELD, field);
    }
    return problem;
  }
}
