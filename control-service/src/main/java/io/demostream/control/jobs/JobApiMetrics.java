package io.demostream.control.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Job metrics: {@code demostream.jobs.launches} counts start attempts by launcher and outcome
 * ({@code launched}, {@code conflict}, {@code failed}); {@code demostream.jobs.state} gauges how
 * many known jobs are in each state, as last observed by {@link JobService}; {@code
 * demostream.jobs.stops} counts cancel and drain requests.
 */
class JobApiMetrics {

  private final MeterRegistry registry;
  private final String launcher;
  private final Map<String, JobState> lastStates = new ConcurrentHashMap<>();

  JobApiMetrics(MeterRegistry registry, String launcher) {
    this.registry = registry;
    this.launcher = launcher;
    for (JobState state : JobState.values()) {
      Gauge.builder("demostream.jobs.state", lastStates, states -> count(states, state))
          .description("Jobs started here, by their last observed state")
          .tag("launcher", launcher)
          .tag("state", state.name())
          .register(registry);
    }
  }

  void launch(String outcome) {
    registry
        .counter("demostream.jobs.launches", "launcher", launcher, "outcome", outcome)
        .increment();
  }

  void stop(String action, String outcome) {
    registry
        .counter(
            "demostream.jobs.stops", "launcher", launcher, "action", action, "outcome", outcome)
        .increment();
  }

  void observed(LaunchedJob job) {
    lastStates.put(job.id(), job.state());
  }

  private static double count(Map<String, JobState> states, JobState state) {
    return states.values().stream().filter(state::equals).count();
  }
}
