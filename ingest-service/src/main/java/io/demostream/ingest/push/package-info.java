/**
 * Users pushed by other producers ({@code POST /api/v1/events}): {@link
 * io.demostream.ingest.push.PushService} validates them as the poller does and publishes the valid
 * ones all together under the in-flight limit, with deterministic event ids for an {@code
 * Idempotency-Key}; limits and timings in {@link io.demostream.ingest.push.PushProperties}.
 */
package io.demostream.ingest.push;
