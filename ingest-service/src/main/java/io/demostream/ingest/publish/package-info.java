/**
 * Publishing users to Pub/Sub: {@link io.demostream.ingest.publish.UserEventPublisher} sends
 * contract messages through Spring Cloud GCP's publisher template, bounded by {@link
 * io.demostream.ingest.publish.InFlightLimit} so a slow Pub/Sub pauses fetching; {@link
 * io.demostream.ingest.publish.PublisherBatchingCustomizer} sets batching and flow control.
 * Configured by {@link io.demostream.ingest.publish.TopicProperties} and {@link
 * io.demostream.ingest.publish.PublishProperties}.
 */
package io.demostream.ingest.publish;
