package io.demostream.control.resources;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.BaseServiceException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;

/**
 * Retries a provisioning call on transient faults (unavailable, deadline, rate limit, lost
 * connection) with exponential backoff. Only used around idempotent steps: get, and create whose
 * "already exists" answer counts as success. Permission and validation faults fail at once.
 */
@Component
class TransientFaultRetry {

  private static final Set<Integer> TRANSIENT_HTTP = Set.of(0, 429, 500, 502, 503, 504);

  private final RetryConfig config;

  TransientFaultRetry(ResourcesProperties properties) {
    this.config =
        RetryConfig.custom()
            .maxAttempts(properties.maxAttempts())
            .intervalFunction(
                IntervalFunction.ofExponentialBackoff(properties.initialBackoff(), 2.0))
            .retryOnException(TransientFaultRetry::isTransient)
            .build();
  }

  <T> T call(String operation, Supplier<T> call) {
    return Retry.of(operation, config).executeSupplier(call);
  }

  void run(String operation, Runnable call) {
    call(
        operation,
        () -> {
          call.run();
          return null;
        });
  }

  static boolean isTransient(Throwable fault) {
    for (Throwable c = fault; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ApiException api) {
        return switch (api.getStatusCode().getCode()) {
          case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED -> true;
          default -> false;
        };
      }
      if (c instanceof BaseServiceException service) {
        return TRANSIENT_HTTP.contains(service.getCode());
      }
      if (c instanceof SQLTransientException
          || c instanceof CannotGetJdbcConnectionException
          || c instanceof TransientDataAccessException) {
        return true;
      }
    }
    return false;
  }
}
