/**
 * The user-event contract shared by ingest-service and the pipeline.
 *
 * <p>{@link io.demostream.events.RandomUserResponseParser} reads randomuser.me API responses,
 * {@link io.demostream.events.UserEventMessages} turns one user record into one Pub/Sub message
 * (credentials removed, attributes per {@link io.demostream.events.UserEventAttributes}), and
 * {@link io.demostream.events.AnalyticProjector} validates a message and keeps only the {@link
 * io.demostream.events.AnalyticUser} fields that may reach the warehouse. See {@code
 * docs/CONTRACT.md}.
 */
package io.demostream.events;
