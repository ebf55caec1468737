/**
 * Notifications: the {@link io.demostream.control.alerts.notify.AlertMessage} of a transition, the
 * {@link io.demostream.control.alerts.notify.Outbox} it is written to with the transition, and the
 * {@link io.demostream.control.alerts.notify.OutboxDispatcher} that sends each row once through its
 * {@link io.demostream.control.alerts.notify.AlertChannel} (Pub/Sub, webhook) unless a silence
 * matches, retrying with backoff, one replica per row at a time.
 */
package io.demostream.control.alerts.notify;
