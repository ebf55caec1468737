/**
 * The metrics file a local pipeline process writes and the control-service reads: the one
 * definition of its format, shared by both sides.
 */
package io.demostream.events.metrics;
