/**
 * Alerts on the demographics: rules managed over REST ({@code rules}), judged by a pure engine
 * ({@code engine}) on every window pane the pipeline publishes to the panes topic ({@code
 * evaluation}), notified once per transition through an outbox ({@code notify}) unless silenced
 * ({@code silences}). This package holds the read API over current and past alerts. Arrows run
 * rules ← engine ← notify ← evaluation, silences ← notify; nothing here is imported by another
 * feature.
 */
package io.demostream.control.alerts;
