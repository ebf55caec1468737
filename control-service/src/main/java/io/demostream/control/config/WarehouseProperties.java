package io.demostream.control.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The JDBC warehouse ({@code demostream.warehouse.*}), used when {@code demostream.warehouse=jdbc}.
 * This is the warehouse the pipeline writes and the views are read from, not the control-service's
 * own state ({@code spring.datasource.*}).
 *
 * @param jdbcUrl H2 or PostgreSQL URL; blank means the embedded H2 file warehouse under {@link
 *     LocalDataProperties#dataDir()}
 * @param username database user; blank for the embedded warehouse's default
 * @param password database password; never logged
 * @param maxPoolSize connections the control-service holds to the warehouse
 */
@Validated
@ConfigurationProperties("demostream.warehouse")
public record WarehouseProperties(
    @DefaultValue("") String jdbcUrl,
    @DefaultValue("") String username,
    @DefaultValue("") String password,
    @Min(1) @Max(32) @DefaultValue("4") int maxPoolSize) {

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
    return "WarehouseProperties[jdbcUrl="
        + jdbcUrl
        + ", username="
        + username
        + ", password=***, maxPoolSize="
        + maxPoolSize
        + "]";
  }
}
