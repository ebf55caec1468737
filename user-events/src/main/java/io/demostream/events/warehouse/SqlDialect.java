package io.demostream.events.warehouse;

/**
 * The SQL databases a JDBC warehouse can be. Almost every statement of the definition is the same
 * on both; the exception is the upsert of {@link LatestPaneTable}, which H2 writes as a standard
 * {@code MERGE} and PostgreSQL as {@code INSERT ... ON CONFLICT} (atomic under concurrent writers,
 * and older than PostgreSQL's own {@code MERGE}).
 */
public enum SqlDialect {
  H2,
  POSTGRESQL;

  /**
   * @throws IllegalArgumentException for a URL of any other database
   */
  public static SqlDialect ofJdbcUrl(String url) {
    if (url != null && url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url != null && url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    // The URL itself is not repeated: it may carry credentials.
    throw new IllegalArgumentException(
        "a JDBC warehouse URL must start with jdbc:h2: or jdbc:postgresql:");
  }
}
