/**
 * The REST API: runs under {@code /api/v1/ingestion} ({@link
 * io.demostream.ingest.api.IngestionController}) and pushed users at {@code /api/v1/events} ({@link
 * io.demostream.ingest.api.EventsController}), with their RFC 7807 errors from {@link
 * io.demostream.ingest.api.ApiExceptionHandler}, each with a stable type from service-support's
 * {@code ProblemTypes}.
 */
package io.demostream.ingest.api;
