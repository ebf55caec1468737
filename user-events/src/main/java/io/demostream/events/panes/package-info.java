/**
 * The message the pipeline publishes to the panes topic for every window pane it writes, and the
 * control-service's alerts read: the one definition of its JSON shape, shared by both sides.
 */
package io.demostream.events.panes;
