/**
 * Provisioning of everything the pipeline needs: the Pub/Sub topic and subscription, the warehouse
 * (BigQuery dataset, tables and views, or the same tables and views in a JDBC database) and the
 * Cloud Storage bucket. {@link io.demostream.control.resources.ResourceService} ensures, describes
 * and deletes them; one small idempotent {@link io.demostream.control.resources.Provisioner} per
 * service does the work, retrying transient faults ({@code demostream.resources.*}). Tables and
 * views come from {@link io.demostream.events.warehouse}.
 */
package io.demostream.control.resources;
