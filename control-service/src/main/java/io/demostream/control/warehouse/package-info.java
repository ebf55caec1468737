/**
 * Access to the JDBC warehouse (H2 or PostgreSQL) that the local pipeline writes: {@link
 * io.demostream.control.warehouse.JdbcWarehouse} owns its connection pool, apart from Spring's
 * DataSource, which holds the control-service's own state.
 */
package io.demostream.control.warehouse;
