package io.demostream.control.faults;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.BaseServiceException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * Classifies a fault of a Google Cloud client (gRPC {@link ApiException} or HTTP {@link
 * BaseServiceException}) or of JDBC, looking through the causes for the first it recognises. The
 * one place these rules live: provisioning retries, the Dataflow Jobs API's retry codes and the
 * REST problem all read it.
 */
public final class Faults {

  /** HTTP reasons BigQuery and Cloud Storage give a 403 that is a limit, not a refusal. */
  private static final Set<String> LIMIT_REASONS =
      Set.of("rateLimitExceeded", "quotaExceeded", "userRateLimitExceeded");

  private Faults() {}

  /** The kind of the first recognised fault in the cause chain; {@link FaultKind#OTHER} if none. */
  public static FaultKind classify(Throwable fault) {
    for (Throwable c = fault; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ApiException api) {
        return ofGrpc(api.getStatusCode().getCode());
      }
      if (c instanceof BaseServiceException service) {
        return ofHttp(service.getCode(), service.getReason());
      }
      if (c instanceof SQLTransientException
          || c instanceof SQLRecoverableException
          || c instanceof CannotGetJdbcConnectionException
          || c instanceof TransientDataAccessException) {
        return FaultKind.UNAVAILABLE;
      }
    }
    return FaultKind.OTHER;
  }

  /** Whether an idempotent call that failed with this fault is worth repeating. */
  public static boolean isTransient(Throwable fault) {
    return classify(fault).retryable();
  }

  /** A gRPC status code's kind. */
  public static FaultKind ofGrpc(StatusCode.Code code) {
    return switch (code) {
      case PERMISSION_DENIED -> FaultKind.PERMISSION_DENIED;
      case RESOURCE_EXHAUSTED -> FaultKind.QUOTA_EXCEEDED;
      // ABORTED: a concurrency conflict the service asks the client to retry.
      case UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, INTERNAL -> FaultKind.UNAVAILABLE;
      case NOT_FOUND -> FaultKind.NOT_FOUND;
      case ALREADY_EXISTS -> FaultKind.CONFLICT;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> FaultKind.INVALID;
      default -> FaultKind.OTHER;
    };
  }

  /**
   * An HTTP status's kind, with the error reason Google's JSON APIs give ({@code
   * rateLimitExceeded}, {@code accessDenied}...; may be null). Status 0 is a call that got no
   * answer (connection lost, timed out).
   */
  public static FaultKind ofHttp(int status, String reason) {
    if (status == 403 && reason != null && LIMIT_REASONS.contains(reason)) {
      return FaultKind.QUOTA_EXCEEDED;
    }
    return switch (status) {
      case 403 -> FaultKind.PERMISSION_DENIED;
      case 429 -> FaultKind.QUOTA_EXCEEDED;
      case 0, 408, 500, 502, 503, 504 -> FaultKind.UNAVAILABLE;
      case 404 -> FaultKind.NOT_FOUND;
      case 409, 412 -> FaultKind.CONFLICT;
      case 400 -> FaultKind.INVALID;
      default -> status >= 500 ? FaultKind.UNAVAILABLE : FaultKind.OTHER;
    };
  }

  /** The gRPC codes whose calls are worth repeating, for clients configured by code. */
  public static Set<StatusCode.Code> retryableGrpcCodes() {
    Set<StatusCode.Code> codes = EnumSet.noneOf(StatusCode.Code.class);
    for (StatusCode.Code code : StatusCode.Code.values()) {
      if (ofGrpc(code).retryable()) {
        codes.add(code);
      }
    }
    return codes;
  }
}
