package io.demostream.control.runs;

import io.demostream.control.api.NotFoundException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many times a step's action is attempted, with growing pauses (1, 2, 4... poll intervals)
 * between attempts. Something that does not exist is not retried: it will not appear by waiting.
 *
 * @param attempts attempts in all, the first included
 */
record RetryPolicy(int attempts) {

  /** One attempt: the step fails with its first error. */
  static final RetryPolicy NONE = new RetryPolicy(1);

  /** Winding down: giving up early would leave ingestion or the job running. */
  static final RetryPolicy WIND_DOWN = new RetryPolicy(4);

  private static final Logger log = LoggerFactory.getLogger(RetryPolicy.class);

  RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
  }

  StepState run(StepContext context, Supplier<StepState> action) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < attempts; attempt++) {
      try {
        return action.get();
      } catch (NotFoundException | StepInterruptedException e) {
        throw e;
      } catch (RuntimeException e) {
        last = e;
        if (attempt + 1 < attempts) {
          log.warn(
              "Run {} step {} attempt {} failed: {}",
              context.runId(),
              context.step().stepName(),
              attempt + 1,
              e.getMessage());
          for (int pauses = 0; pauses < 1 << attempt; pauses++) {
            context.pause();
          }
        }
      }
    }
    throw last;
  }
}
