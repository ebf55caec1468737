package io.demostream.control.jobs.dataflow;

import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.StatusCode;
import com.google.dataflow.v1beta3.JobsV1Beta3Settings;
import io.demostream.control.faults.Faults;
import java.time.Duration;
import java.util.Set;

/**
 * Retries for the Jobs API calls that are safe to repeat: get, list, and update (requesting the
 * same state twice is harmless), on the codes {@link Faults} calls retryable. The generated client
 * retries nothing by default. Launching a Flex Template is never retried: a launch that timed out
 * may have created a job.
 */
public final class DataflowRetries {

  static final Set<StatusCode.Code> TRANSIENT = Faults.retryableGrpcCodes();

  private DataflowRetries() {}

  /**
   * Applies the retries to {@code builder}.
   *
   * @param initialDelay pause before the first retry; doubles up to 10 s, for at most one minute
   */
  public static JobsV1Beta3Settings.Builder apply(
      JobsV1Beta3Settings.Builder builder, Duration initialDelay) {
    RetrySettings retries =
        RetrySettings.newBuilder()
            .setInitialRetryDelayDuration(initialDelay)
            .setRetryDelayMultiplier(2.0)
            .setMaxRetryDelayDuration(Duration.ofSeconds(10))
            .setInitialRpcTimeoutDuration(Duration.ofSeconds(30))
            .setRpcTimeoutMultiplier(1.0)
            .setMaxRpcTimeoutDuration(Duration.ofSeconds(30))
            .setTotalTimeoutDuration(Duration.ofMinutes(1))
            .build();
    builder.getJobSettings().setRetryableCodes(TRANSIENT).setRetrySettings(retries);
    builder.listJobsSettings().setRetryableCodes(TRANSIENT).setRetrySettings(retries);
    builder.updateJobSettings().setRetryableCodes(TRANSIENT).setRetrySettings(retries);
    return builder;
  }
}
