package io.demostream.control.runs;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A state database for tests: a file H2 database, or a fresh schema in the PostgreSQL server that
 * {@code DEMOSTREAM_TEST_POSTGRES_URL} names ({@code eval "$(.ci/postgres.sh start)"}). Without
 * that variable PostgreSQL tests are skipped, saying why.
 */
final class TestDatabase implements AutoCloseable {

  static final String POSTGRES_URL_VARIABLE = "DEMOSTREAM_TEST_POSTGRES_URL";

  enum Kind {
    H2,
    POSTGRESQL
  }

  private final HikariDataSource dataSource;
  private final Runnable cleanup;

  private TestDatabase(HikariDataSource dataSource, Runnable cleanup) {
    this.dataSource = dataSource;
    this.cleanup = cleanup;
  }

  static TestDatabase open(Kind kind, Path dir) {
    return kind == Kind.H2 ? h2(dir) : postgres();
  }

  static TestDatabase h2(Path dir) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl("jdbc:h2:file:" + dir.resolve("control-state-" + UUID.randomUUID()));
    return new TestDatabase(pool, () -> {});
  }

  static TestDatabase postgres() {
    String url = System.getenv(POSTGRES_URL_VARIABLE);
    if (url == null || url.isBlank()) {
      String reason =
          POSTGRES_URL_VARIABLE
              + " is not set: PostgreSQL state-database tests skipped"
              + " (eval \"$(.ci/postgres.sh start)\" runs them)";
      System.out.println(reason);
      Assumptions.abort(reason);
    }
    String schema =
        "runs_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    HikariDataSource admin = pool(url);
    new JdbcTemplate(admin).execute("CREATE SCHEMA " + schema);
    admin.close();
    HikariDataSource pool = pool(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    return new TestDatabase(
        pool,
        () -> {
          try (HikariDataSource drop = pool(url)) {
            new JdbcTemplate(drop).execute("DROP SCHEMA " + schema + " CASCADE");
          }
        });
  }

  private static HikariDataSource pool(String url) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setMaximumPoolSize(8);
    return pool;
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** The schema as the service migrates it at startup. */
  TestDatabase migrated() {
    StateDatabase.migrate(dataSource);
    return this;
  }

  @Override
  public void close() {
    dataSource.close();
    cleanup.run();
  }
}
