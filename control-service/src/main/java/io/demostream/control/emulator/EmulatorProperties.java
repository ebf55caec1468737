package io.demostream.control.emulator;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The Pub/Sub emulator on the local stack ({@code demostream.local.emulator.*}).
 *
 * @param heap the emulator's maximum heap, as it was started with ({@code -Xmx}; {@code
 *     ./run-local.sh} and {@code docker compose} pass the same value to both)
 * @param bytesPerMessage the emulator's heap per message a subscription holds, acknowledged or not
 *     (about 2.2 KB for a contract message once acknowledged, measured in docs/BENCHMARKS.md EM6)
 * @param warnAt the estimated share of {@code heap} from which the emulator is reported as about to
 *     run out (log, health detail, dashboard)
 * @param recycle whether the subscription is recreated, freeing what it holds, once a run ended
 *     reconciled and nothing is in flight (no active job, run or ingestion)
 * @param checkInterval how often ingest-service's published count is read and the estimate updated
 */
@Validated
@ConfigurationProperties("demostream.local.emulator")
public record EmulatorProperties(
    @NotNull @DefaultValue("1GB") DataSize heap,
    @NotNull @DefaultValue("2200B") DataSize bytesPerMessage,
    @DecimalMin("0.1") @DecimalMax("1.0") @DefaultValue("0.7") double warnAt,
    @DefaultValue("true") boolean recycle,
    @NotNull @DefaultValue("10s") Duration checkInterval) {

  public EmulatorProperties {
    if (heap != null && heap.toBytes() <= 0) {
      throw new IllegalArgumentException("demostream.local.emulator.heap must be positive");
    }
    if (bytesPerMessage != null && bytesPerMessage.toBytes() <= 0) {
      throw new IllegalArgumentException(
          "demostream.local.emulator.bytes-per-message must be positive");
    }
    if (checkInterval != null && (checkInterval.isNegative() || checkInterval.isZero())) {
      throw new IllegalArgumentException(
          "demostream.local.emulator.check-interval must be positive");
    }
  }
}
