package io.demostream.ingest.publish;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How users are handed to Pub/Sub: batching, and the bound on unacknowledged publishes that turns a
 * slow or absent Pub/Sub into a pause in fetching rather than a growing buffer.
 *
 * @param maxInFlight publishes sent but not yet acknowledged; fetching waits at this bound
 * @param maxInFlightBytes the Pub/Sub client's own flow-control byte bound (it blocks beyond it)
 * @param batchMaxMessages messages per publish request (Pub/Sub accepts at most 1000)
 * @param batchMaxBytes bytes per publish request (Pub/Sub accepts at most 10 MB)
 * @param batchDelay longest a message waits for its batch to fill
 * @param drainTimeout on stop or shutdown, how long to wait for in-flight publishes
 */
@Validated
@ConfigurationProperties("demostream.ingest.publish")
public record PublishProperties(
    @DefaultValue("10000") @Positive int maxInFlight,
    @DefaultValue("64MB") @NotNull DataSize maxInFlightBytes,
    @DefaultValue("1000") @Positive @Max(1000) int batchMaxMessages,
    @DefaultValue("1MB") @NotNull DataSize batchMaxBytes,
    @DefaultValue("10ms") @NotNull Duration batchDelay,
    @DefaultValue("30s") @NotNull Duration drainTimeout) {}
