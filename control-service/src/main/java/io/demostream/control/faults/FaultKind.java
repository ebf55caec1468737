package io.demostream.control.faults;

/** What went wrong in a call to Google Cloud or a database, and whether repeating it may help. */
public enum FaultKind {
  /** The caller lacks a permission (HTTP 403 {@code accessDenied}, gRPC PERMISSION_DENIED). */
  PERMISSION_DENIED(false),
  /** A quota or rate limit (HTTP 429, 403 {@code rateLimitExceeded}/{@code quotaExceeded}). */
  QUOTA_EXCEEDED(true),
  /** The service is down, overloaded or slow (5xx, UNAVAILABLE, DEADLINE_EXCEEDED, lost link). */
  UNAVAILABLE(true),
  /** The resource does not exist (404, NOT_FOUND). */
  NOT_FOUND(false),
  /** The resource exists or changed concurrently (409, ALREADY_EXISTS, ABORTED on a conflict). */
  CONFLICT(false),
  /** The request was refused as invalid (400, INVALID_ARGUMENT, FAILED_PRECONDITION). */
  INVALID(false),
  /** Not a Google or database fault we know: not retried. */
  OTHER(false);

  private final boolean retryable;

  FaultKind(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether repeating an idempotent call after this fault, with backoff, may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
