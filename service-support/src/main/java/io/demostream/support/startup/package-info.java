/**
 * Configuration checks that run before any bean, and so before any Google client, is created:
 * {@link io.demostream.support.startup.StartupConfigurationCheck} collects every problem of a
 * service's configuration at once, {@link
 * io.demostream.support.startup.StartupConfigurationFailureAnalyzer} prints them as a few plain
 * sentences instead of a chain of bean-creation exceptions, and {@link
 * io.demostream.support.startup.GoogleCloudEnvironment} answers what both services ask about Google
 * Cloud (project, emulator, Application Default Credentials) from the environment alone.
 */
package io.demostream.support.startup;
