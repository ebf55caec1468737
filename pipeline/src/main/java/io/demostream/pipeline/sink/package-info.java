/**
 * The warehouse rows and the two sinks that write them: BigQuery through the Storage Write API and
 * SQL databases through JdbcIO. Both read table names, columns and types from {@link
 * io.demostream.events.warehouse.WarehouseTables} and never copy them.
 */
package io.demostream.pipeline.sink;
