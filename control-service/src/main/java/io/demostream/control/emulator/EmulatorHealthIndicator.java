package io.demostream.control.emulator;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code /actuator/health}'s {@code pubSubEmulator} component: always {@code UP} (an emulator
 * filling up is the demo's problem, not a reason to take the API away, and it is in neither probe
 * group), with the estimate and, from the configured share on, the warning in its details.
 */
class EmulatorHealthIndicator implements HealthIndicator {

  private final EmulatorWatch watch;

  EmulatorHealthIndicator(EmulatorWatch watch) {
    this.watch = watch;
  }

  @Override
  public Health health() {
    EmulatorMemoryEstimate estimate = watch.current();
    return Health.up()
        .withDetail("warning", estimate.warning())
        .withDetail("message", estimate.message())
        .withDetail("publishedSinceRecycle", estimate.publishedSinceRecycle())
        .withDetail("estimatedBytes", estimate.estimatedBytes())
        .withDetail("heapBytes", estimate.heapBytes())
        .withDetail("recycles", estimate.recycles())
        .build();
  }
}
