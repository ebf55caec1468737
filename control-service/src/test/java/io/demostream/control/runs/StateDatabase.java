package io.demostream.control.runs;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The state database's schema for tests that build their own DataSource, as the service does. */
final class StateDatabase {

  private StateDatabase() {}

  static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .baselineOnMigrate(true)
        .baselineVersion("1")
        .load()
        .migrate();
  }
}
