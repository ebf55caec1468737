/**
 * Configuration of the ingest service: one {@code @ConfigurationProperties} record per concern
 * under {@code demostream.*}, and the {@code @Configuration} that builds shared clients from them.
 */
package io.demostream.ingest.config;
