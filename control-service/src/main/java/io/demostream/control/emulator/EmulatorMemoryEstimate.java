package io.demostream.control.emulator;

import java.time.Instant;

/**
 * What the emulator holds, estimated from the messages published since the subscription was last
 * recreated. An estimate, not a reading: the emulator exposes no memory figures.
 *
 * @param publishedSinceRecycle messages published since the subscription was last recreated (or
 *     since this service started)
 * @param estimatedBytes {@code publishedSinceRecycle} times the heap per message
 * @param heapBytes the emulator's configured maximum heap
 * @param share {@code estimatedBytes / heapBytes}
 * @param warning true from the configured share on: the emulator is about to run out
 * @param recycles how often the subscription was recreated since this service started
 * @param lastRecycleAt when it was last recreated; null before the first time
 * @param message a sentence for the log, the health detail and the dashboard
 */
public record EmulatorMemoryEstimate(
    long publishedSinceRecycle,
    long estimatedBytes,
    long heapBytes,
    double share,
    boolean warning,
    int recycles,
    Instant lastRecycleAt,
    String message) {

  static EmulatorMemoryEstimate of(
      long published, EmulatorProperties properties, int recycles, Instant lastRecycleAt) {
    long bytes = published * properties.bytesPerMessage().toBytes();
    long heap = properties.heap().toBytes();
    double share = (double) bytes / heap;
    boolean warning = share >= properties.warnAt();
    String message =
        warning
            ? String.format(
                "The Pub/Sub emulator holds about %d MB of its %d MB heap (%d messages since its"
                    + " subscription was last recreated) and will run out of memory: end the run"
                    + " (the subscription is recreated once a run ends reconciled) or restart"
                    + " ./run-local.sh",
                bytes >> 20, heap >> 20, published)
            : String.format(
                "The Pub/Sub emulator holds about %d MB of its %d MB heap (%d messages since its"
                    + " subscription was last recreated)",
                bytes >> 20, heap >> 20, published);
    return new EmulatorMemoryEstimate(
        published, bytes, heap, share, warning, recycles, lastRecycleAt, message);
  }
}
