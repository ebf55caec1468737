/**
 * The control API under {@code /api/v1/ingestion}: {@link
 * io.demostream.ingest.api.IngestionController} and its RFC 7807 errors from {@link
 * io.demostream.ingest.api.ApiExceptionHandler}, each with a stable type from {@link
 * io.demostream.ingest.api.ProblemTypes}.
 */
package io.demostream.ingest.api;
