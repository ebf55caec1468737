package io.demostream.ingest.ingestion;

/** A start request arrived while a run is {@code RUNNING} or {@code STOPPING}. */
public class IngestionAlreadyRunningException extends RuntimeException {

  private final IngestionStatus status;

  public IngestionAlreadyRunningException(IngestionStatus status) {
    super("ingestion is " + status.state() + ": stop it before starting again");
    this.status = status;
  }

  public IngestionStatus status() {
    return status;
  }
}
