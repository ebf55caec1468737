package io.demostream.control.config;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which runner starts the pipeline and which warehouse it writes: {@code demostream.launcher} and
 * {@code demostream.warehouse}. The warehouse's details live under the same name as a prefix, in
 * {@link WarehouseProperties}; binding a scalar and a prefix of the same name works because each
 * record reads only its own keys.
 *
 * @param launcher {@code local} (the pipeline jar on the DirectRunner) or {@code dataflow}
 * @param warehouse {@code jdbc} (H2 or PostgreSQL) or {@code bigquery}
 */
@Validated
@ConfigurationProperties("demostream")
public record DeploymentProperties(
    @NotNull @DefaultValue("local") Launcher launcher,
    @NotNull @DefaultValue("jdbc") Warehouse warehouse) {

  /** Where the pipeline runs. */
  public enum Launcher {
    LOCAL,
    DATAFLOW
  }

  /** Where the pipeline's aggregates land. */
  public enum Warehouse {
    JDBC,
    BIGQUERY
  }

  public boolean usesDataflow() {
    return launcher == Launcher.DATAFLOW;
  }

  public boolean usesBigQuery() {
    return warehouse == Warehouse.BIGQUERY;
  }
}
