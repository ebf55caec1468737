/**
 * Where users come from: {@link io.demostream.ingest.source.RandomUserSource} (the randomuser.me
 * API behind {@link io.demostream.ingest.source.RandomUserClient}'s timeouts, retries and circuit
 * breaker) and {@link io.demostream.ingest.source.SyntheticSource} (the seeded generator), both
 * paced by {@link io.demostream.ingest.source.RatePacer} and opened per run by {@link
 * io.demostream.ingest.source.UserSources}. Configured by {@link
 * io.demostream.ingest.source.RandomUserProperties} and {@link
 * io.demostream.ingest.source.SyntheticProperties}, wired by {@code SourceConfiguration}.
 */
package io.demostream.ingest.source;
