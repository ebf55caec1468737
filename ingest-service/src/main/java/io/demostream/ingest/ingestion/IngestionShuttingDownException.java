package io.demostream.ingest.ingestion;

/** A start request arrived after the service began shutting down; the API answers 503. */
public class IngestionShuttingDownException extends RuntimeException {

  public IngestionShuttingDownException() {
    super("the service is shutting down");
  }
}
