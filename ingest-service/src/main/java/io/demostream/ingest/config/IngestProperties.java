package io.demostream.ingest.config;

import io.demostream.events.EventSource;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where ingestion publishes and which source it reads by default.
 *
 * @param topic Pub/Sub topic id (not the full path) in {@code spring.cloud.gcp.project-id}
 * @param source the source a start request without {@code source} uses
 */
@Validated
@ConfigurationProperties("demostream.ingest")
public record IngestProperties(
    @DefaultValue("users") @NotBlank String topic,
    @DefaultValue("randomuser") @NotNull EventSource source) {}
