package io.demostream.control.warehouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.demostream.control.local.LocalProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The JDBC warehouse: its effective URL and credentials (for the local pipeline, which writes it)
 * and a small connection pool (for provisioning and reading views). The pool is deliberately not a
 * {@code DataSource} bean, so Spring Boot's own DataSource ({@code spring.datasource.*}) stays the
 * control-service's state store; it opens on first use, so a BigQuery deployment never connects.
 */
public class JdbcWarehouse implements DisposableBean {

  private final WarehouseProperties properties;
  private final Path dataDir;
  private final String jdbcUrl;
  private HikariDataSource pool;
  private JdbcTemplate jdbcTemplate;

  public JdbcWarehouse(WarehouseProperties properties, LocalProperties local) {
    this.properties = properties;
    this.dataDir = local.dataDir();
    this.jdbcUrl = properties.effectiveJdbcUrl(local.dataDir());
  }

  /** The URL the pipeline and this service use: configured, or the embedded H2 file. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String username() {
    return properties.username();
  }

  /** The password, to hand to the local pipeline through its environment; never log it. */
  public String password() {
    return properties.password();
  }

  /** A template over the warehouse pool, opening the pool on first call. */
  public synchronized JdbcTemplate jdbcTemplate() {
    if (jdbcTemplate == null) {
      if (properties.embedded()) {
        try {
          Files.createDirectories(dataDir);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create data folder " + dataDir, e);
        }
      }
      HikariConfig config = new HikariConfig();
      config.setPoolName("warehouse");
      config.setJdbcUrl(jdbcUrl);
      if (!properties.username().isBlank()) {
        config.setUsername(properties.username());
      }
      if (!properties.password().isBlank()) {
        config.setPassword(properties.password());
      }
      config.setMaximumPoolSize(properties.maxPoolSize());
      config.setMinimumIdle(0);
      // Fail the request rather than hang it when the warehouse is down.
      config.setConnectionTimeout(5_000);
      config.setInitializationFailTimeout(-1);
      pool = new HikariDataSource(config);
      jdbcTemplate = new JdbcTemplate(pool);
    }
    return jdbcTemplate;
  }

  @Override
  public synchronized void destroy() {
    if (pool != null) {
      pool.close();
    }
  }
}
