/**
 * The ingestion loop and its state machine ({@link io.demostream.ingest.ingestion.IngestionState}):
 * {@link io.demostream.ingest.ingestion.IngestionService} starts and stops runs and drains them on
 * shutdown; each {@link io.demostream.ingest.ingestion.IngestionRun} fetches from a source, turns
 * users into contract messages and publishes them, counting everything for the status and {@link
 * io.demostream.ingest.ingestion.IngestionMetrics}. {@link
 * io.demostream.ingest.ingestion.StartDefaults} resolves a start request against the configuration,
 * for a start and a dry run alike.
 */
package io.demostream.ingest.ingestion;
