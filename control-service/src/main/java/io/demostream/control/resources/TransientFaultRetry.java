package io.demostream.control.resources;

import io.demostream.control.faults.Faults;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.function.Supplier;

/**
 * Retries a provisioning call on transient faults ({@link Faults#isTransient}: unavailable,
 * deadline, quota or rate limit, lost connection) with exponential backoff. Only used around
 * idempotent steps: get, and create whose "already exists" answer counts as success. Permission and
 * validation faults fail at once.
 */
class TransientFaultRetry {

  private final RetryConfig config;

  TransientFaultRetry(ResourcesProperties properties) {
    this.config =
        RetryConfig.custom()
            .maxAttempts(properties.maxAttempts())
            .intervalFunction(
                IntervalFunction.ofExponentialBackoff(properties.initialBackoff(), 2.0))
            .retryOnException(Faults::isTransient)
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
}
