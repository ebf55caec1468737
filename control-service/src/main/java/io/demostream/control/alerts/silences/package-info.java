/**
 * Silences: matchers on rule and series with a start, an end and a comment. A matching silence
 * suppresses notifications (the outbox row ends {@code silenced}); states and transitions go on.
 */
package io.demostream.control.alerts.silences;
