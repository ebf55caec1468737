package io.demostream.control.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Provisioning retries follow the one fault classification. */
class TransientFaultRetryTests {

  private final TransientFaultRetry retry = TestProvisioning.fastRetry();

  @Test
  void bigQueryRateLimitReportedAs403IsRetried() {
    AtomicInteger calls = new AtomicInteger();

    String result =
        retry.call(
            "get-dataset",
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw bigQuery403("rateLimitExceeded");
              }
              return "ok";
            });

    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(3);
  }

  @Test
  void accessDeniedFailsAtOnce() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                retry.run(
                    "get-dataset",
                    () -> {
                      calls.incrementAndGet();
                      throw bigQuery403("accessDenied");
                    }))
        .isInstanceOf(BigQueryException.class);
    assertThat(calls).hasValue(1);
  }

  private static BigQueryException bigQuery403(String reason) {
    return new BigQueryException(403, reason, new BigQueryError(reason, "global", reason));
  }
}
