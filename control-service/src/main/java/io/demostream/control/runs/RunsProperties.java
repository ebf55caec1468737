package io.demostream.control.runs;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Runs of the whole flow ({@code demostream.runs.*}).
 *
 * @param jobRunningTimeout how long a run waits for its job to reach {@code RUNNING} before the
 *     step fails (Dataflow needs a few minutes to start workers)
 * @param pollInterval how often a waiting step looks at the job, the clock and stop requests
 * @param leaseDuration how long a replica's claim on a run lasts without renewal; another replica
 *     sharing the state database resumes a run whose lease expired, so this is how long a run
 *     stalls after its replica died
 * @param leaseCheckInterval how often leases of executed runs are renewed and expired ones taken
 *     over; at most half of {@link #leaseDuration}
 * @param drainBacklogTimeout how long the drain step waits for ingestion to drain its last
 *     publishes (its published count is final only then), and then for the subscription's backlog
 *     to be consumed, before it drains anyway (the step's detail then says so)
 */
@Validated
@ConfigurationProperties("demostream.runs")
public record RunsProperties(
    @NotNull @DefaultValue("10m") Duration jobRunningTimeout,
    @NotNull @DefaultValue("1s") Duration pollInterval,
    @NotNull @DefaultValue("30s") Duration leaseDuration,
    @NotNull @DefaultValue("5s") Duration leaseCheckInterval,
    @NotNull @DefaultValue("5m") Duration drainBacklogTimeout) {

  @AssertTrue(message = "lease-check-interval must be positive and at most half of lease-duration")
  boolean isLeaseCheckIntervalInRange() {
    return leaseDuration == null
        || leaseCheckInterval == null
        || (!leaseCheckInterval.isNegative()
            && !leaseCheckInterval.isZero()
            && leaseCheckInterval.multipliedBy(2).compareTo(leaseDuration) <= 0);
  }
}
