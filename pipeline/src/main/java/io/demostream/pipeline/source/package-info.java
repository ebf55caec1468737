/**
 * Where users come from: Pub/Sub or the synthetic generator, both as {@link
 * org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage}s with contract attributes, and the local drain
 * that stops reading when a signal file appears.
 */
package io.demostream.pipeline.source;
