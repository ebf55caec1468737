package io.demostream.ingest.publish;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where users are published ({@code demostream.ingest.topic}).
 *
 * @param topic Pub/Sub topic id (not the full path) in {@code spring.cloud.gcp.project-id}
 */
@Validated
@ConfigurationProperties("demostream.ingest")
public record TopicProperties(@DefaultValue("users") @NotBlank String topic) {}
