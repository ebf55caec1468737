/**
 * The Pub/Sub emulator's memory on the local stack: the emulator keeps every message a subscription
 * was ever given, acknowledged or not, until that subscription is deleted. {@link
 * io.demostream.control.emulator.EmulatorWatch} tallies what ingest-service published since the
 * subscription was last recreated, estimates the emulator's heap from it ({@link
 * io.demostream.control.emulator.EmulatorMemoryEstimate}), warns before it runs out (log, {@code
 * /actuator/health} detail, {@code GET /api/v1/local/emulator} for the dashboard) and, once a run
 * ended reconciled and nothing is in flight, recreates the subscription ({@link
 * io.demostream.control.emulator.SubscriptionRecycler}). Active only with {@code
 * spring.cloud.gcp.pubsub.emulator-host}; reads the runs, jobs, ingest and resources features, none
 * of which reads it.
 */
package io.demostream.control.emulator;
