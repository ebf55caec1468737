/**
 * The one definition of the warehouse: tables ({@link
 * io.demostream.events.warehouse.WarehouseTables}) and views ({@link
 * io.demostream.events.warehouse.WarehouseViews}). The pipeline writes these tables, the
 * control-service provisions them and the views, and the dashboard and Tableau read the views; each
 * adapts this definition to its dialect (BigQuery or SQL) and never copies it.
 */
package io.demostream.events.warehouse;
