/**
 * Where users come from: {@link io.demostream.ingest.source.RandomUserSource} (the randomuser.me
 * API behind {@link io.demostream.ingest.source.RandomUserClient}'s timeouts, retries and circuit
 * breaker), {@link io.demostream.ingest.source.SyntheticSource} (the seeded generator) and {@link
 * io.demostream.ingest.source.ReplaySource} (a JSONL or CSV file, local or {@code gs://}, opened by
 * {@link io.demostream.ingest.source.ReplayFiles}), paced by a {@link
 * io.demostream.ingest.source.Pacer} and opened per run by {@link
 * io.demostream.ingest.source.UserSources}. Configured by {@link
 * io.demostream.ingest.source.RandomUserProperties} and {@link
 * io.demostream.ingest.source.SyntheticProperties}, wired by {@code SourceConfiguration}.
 */
package io.demostream.ingest.source;
