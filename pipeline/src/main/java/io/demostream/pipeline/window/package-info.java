/**
 * Event-time windowing and triggering of users, configured by {@link
 * io.demostream.pipeline.window.WindowSpec}.
 */
package io.demostream.pipeline.window;
