/**
 * Parsing: Pub/Sub messages in, {@link io.demostream.events.AnalyticUser}s and {@link
 * io.demostream.pipeline.parse.DeadLetter}s out, through the {@code user-events} contract.
 */
package io.demostream.pipeline.parse;
