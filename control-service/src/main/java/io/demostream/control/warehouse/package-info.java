/**
 * The warehouse the pipeline writes ({@code demostream.warehouse.*}, {@code
 * demostream.bigquery.*}): which one it is, and access to the JDBC one (H2 or PostgreSQL) through
 * {@link io.demostream.control.warehouse.JdbcWarehouse}, whose connection pool is apart from
 * Spring's DataSource, which holds the control-service's own state.
 */
package io.demostream.control.warehouse;
