package io.demostream.control.warehouse;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The warehouse the pipeline writes and the views are read from ({@code demostream.warehouse.*});
 * not the control-service's own state ({@code spring.datasource.*}). BigQuery's dataset is in
 * {@link BigQueryProperties}.
 *
 * @param type {@code jdbc} (H2 or PostgreSQL) or {@code bigquery}
 * @param jdbcUrl H2 or PostgreSQL URL of the JDBC warehouse; blank means the embedded H2 file
 *     warehouse under {@code demostream.local.data-dir}
 * @param username JDBC warehouse user; blank for the embedded warehouse's default
 * @param password JDBC warehouse password; never logged
 * @param maxPoolSize connections the control-service holds to the JDBC warehouse
 */
@Validated
@ConfigurationProperties("demostream.warehouse")
public record WarehouseProperties(
    @NotNull @DefaultValue("jdbc") Type type,
    @DefaultValue("") String jdbcUrl,
    @DefaultValue("") String username,
    @DefaultValue("") String password,
    @Min(1) @Max(32) @DefaultValue("4") int maxPoolSize) {

  /** Where the pipeline's aggregates land. */
  public enum Type {
    JDBC,
    BIGQUERY
  }

  public boolean usesBigQuery() {
    return type == Type.BIGQUERY;
  }

  /**
   * The configured URL, or the embedded H2 file warehouse {@code
   * jdbc:h2:file:<data-dir>/warehouse;AUTO_SERVER=TRUE}. The path is made absolute so that the
   * local pipeline process, started in another directory, opens the same file; {@code AUTO_SERVER}
   * lets both processes share it.
   */
  public String effectiveJdbcUrl(Path dataDir) {
    if (!jdbcUrl.isBlank()) {
      return jdbcUrl;
    }
    Path file = dataDir.toAbsolutePath().normalize().resolve("warehouse");
    return "jdbc:h2:file:" + file.toString().replace('\\', '/') + ";AUTO_SERVER=TRUE";
  }

  public boolean embedded() {
    return jdbcUrl.isBlank();
  }

  @Override
  public String toString() {
    return "WarehouseProperties[type="
        + type
        + ", jdbcUrl="
        + jdbcUrl
        + ", username="
        + username
        + ", password=***, maxPoolSize="
        + maxPoolSize
        + "]";
  }
}
