package io.demostream.control.warehouse;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The BigQuery warehouse ({@code demostream.bigquery.*}), used when {@code
 * demostream.warehouse.type=bigquery}.
 *
 * @param dataset dataset id holding the tables and views
 * @param location dataset location ({@code US}, {@code EU}, or a region); fixed once created
 */
@Validated
@ConfigurationProperties("demostream.bigquery")
public record BigQueryProperties(
    @NotBlank @Pattern(regexp = "[A-Za-z0-9_]{1,1024}") @DefaultValue("demostream") String dataset,
    @NotBlank @DefaultValue("US") String location) {}
