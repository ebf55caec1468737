package io.demostream.control.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A migrated state database for alerts tests: a file H2 database, or a fresh schema in the
 * PostgreSQL server that {@code DEMOSTREAM_TEST_POSTGRES_URL} names ({@code eval "$(.ci/postgres.sh
 * start)"}); without it PostgreSQL cases are skipped, saying why. As runs' {@code TestDatabase}.
 */
public final class AlertsDatabase implements AutoCloseable {

  public enum Kind {
    H2,
    POSTGRESQL
  }

  /** The service's mapper as Spring Boot configures it, for JSON columns. */
  public static final ObjectMapper JSON =
      JsonMapper.builder()
          .findAndAddModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final HikariDataSource dataSource;
  private final Runnable cleanup;

  private AlertsDatabase(HikariDataSource dataSource, Runnable cleanup) {
    this.dataSource = dataSource;
    this.cleanup = cleanup;
  }

  public static AlertsDatabase open(Kind kind, Path dir) {
    AlertsDatabase db;
    if (kind == Kind.H2) {
      db =
          new AlertsDatabase(
              pool("jdbc:h2:file:" + dir.resolve("state-" + UUID.randomUUID())), () -> {});
    } else {
      String url = System.getenv("DEMOSTREAM_TEST_POSTGRES_URL");
      if (url == null || url.isBlank()) {
        String reason =
            "DEMOSTREAM_TEST_POSTGRES_URL is not set: PostgreSQL alerts tests skipped"
                + " (eval \"$(.ci/postgres.sh start)\" runs them)";
        System.out.println(reason);
        Assumptions.abort(reason);
      }
      String schema =
          "alerts_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
      try (HikariDataSource admin = pool(url)) {
        new JdbcTemplate(admin).execute("CREATE SCHEMA " + schema);
      }
      db =
          new AlertsDatabase(
              pool(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema),
              () -> {
                try (HikariDataSource drop = pool(url)) {
                  new JdbcTemplate(drop).execute("DROP SCHEMA " + schema + " CASCADE");
                }
              });
    }
    Flyway.configure()
        .dataSource(db.dataSource)
        .baselineOnMigrate(true)
        .baselineVersion("1")
        .load()
        .migrate();
    return db;
  }

  private static HikariDataSource pool(String url) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setMaximumPoolSize(10);
    return pool;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public JdbcTemplate jdbc() {
    return new JdbcTemplate(dataSource);
  }

  @Override
  public void close() {
    dataSource.close();
    cleanup.run();
  }
}
