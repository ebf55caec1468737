package io.demostream.control.config;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The local data folder ({@code demostream.local.data-dir}) that holds the embedded warehouse. The
 * local launcher's own keys under {@code demostream.local.*} bind to a separate record; each record
 * reads only its own keys.
 *
 * @param dataDir folder for the embedded warehouse and other local state, created on demand
 */
@Validated
@ConfigurationProperties("demostream.local")
public record LocalDataProperties(@NotNull @DefaultValue("./data") Path dataDir) {}
