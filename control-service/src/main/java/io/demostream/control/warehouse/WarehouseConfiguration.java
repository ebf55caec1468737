package io.demostream.control.warehouse;

import io.demostream.control.local.LocalProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the JDBC warehouse. Its pool opens on first use, so a service on BigQuery never connects;
 * it closes with the context ({@link JdbcWarehouse#destroy}).
 */
@Configuration(proxyBeanMethods = false)
class WarehouseConfiguration {

  @Bean
  JdbcWarehouse jdbcWarehouse(WarehouseProperties properties, LocalProperties local) {
    return new JdbcWarehouse(properties, local);
  }
}
