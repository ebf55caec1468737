package io.demostream.control.jobs.local;

import java.time.Duration;
import java.util.Optional;

/**
 * When the local launcher restarts a pipeline process that died: at most {@code maxRestarts} times
 * per job, after a backoff that doubles from {@code initialBackoff} up to {@code maxBackoff}. A
 * process that exited cleanly (0) ended its job, and one that rejected its options (2) would only
 * fail again, so neither is restarted.
 */
record RestartPolicy(int maxRestarts, Duration initialBackoff, Duration maxBackoff) {

  /** The pipeline's exit code for options it rejects. */
  static final int INVALID_OPTIONS_EXIT = 2;

  static boolean worthRestarting(int exitCode) {
    return exitCode != 0 && exitCode != INVALID_OPTIONS_EXIT;
  }

  /** The wait before the next restart, or empty when {@code restartsSoFar} used them all up. */
  Optional<Duration> nextDelay(int restartsSoFar) {
    if (restartsSoFar >= maxRestarts) {
      return Optional.empty();
    }
    Duration delay = initialBackoff.multipliedBy(1L << Math.min(restartsSoFar, 20));
    return Optional.of(delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay);
  }
}
