package io.demostream.events.warehouse;

/**
 * Column types, each named as BigQuery names it and mapped to the SQL that H2 and PostgreSQL share.
 */
public enum ColumnType {
  /** UTC instant. */
  TIMESTAMP("TIMESTAMP", "TIMESTAMP WITH TIME ZONE"),
  STRING("STRING", "VARCHAR"),
  INT64("INT64", "BIGINT"),
  FLOAT64("FLOAT64", "DOUBLE PRECISION");

  private final String bigQueryType;
  private final String sqlType;

  ColumnType(String bigQueryType, String sqlType) {
    this.bigQueryType = bigQueryType;
    this.sqlType = sqlType;
  }

  /** The BigQuery standard SQL type name. */
  public String bigQueryType() {
    return bigQueryType;
  }

  /** The type in {@code CREATE TABLE} for H2 and PostgreSQL. */
  public String sqlType() {
    return sqlType;
  }
}
