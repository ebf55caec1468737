package io.demostream.ingest.ingestion;

import io.demostream.events.EventSource;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The default of a start request ({@code demostream.ingest.source}).
 *
 * @param source the source ({@code randomuser} or {@code synthetic}) of a start request that names
 *     none; {@code replay} needs a file, so it is never a default
 */
@Validated
@ConfigurationProperties("demostream.ingest")
public record IngestionProperties(@DefaultValue("randomuser") @NotNull EventSource source) {}
