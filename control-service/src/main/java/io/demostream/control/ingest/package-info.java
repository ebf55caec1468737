/**
 * The client of ingest-service's REST API ({@link io.demostream.control.ingest.IngestClient}):
 * start, stop and status of ingestion, with timeouts, retries on 5xx and I/O errors, and metrics
 * ({@code demostream.ingest.*}).
 */
package io.demostream.control.ingest;
