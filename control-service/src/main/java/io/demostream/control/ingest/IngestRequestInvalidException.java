package io.demostream.control.ingest;

/**
 * ingest-service's dry run refused an ingestion request (its 400 problem): {@link #field()} names
 * the request member at fault as ingest-service spells it, the message says what is wrong.
 */
public class IngestRequestInvalidException extends RuntimeException {

  private final String field;

  public IngestRequestInvalidException(String field, String detail) {
    super(detail);
    this.field = field;
  }

  /** The member of {@link IngestionStartRequest} at fault; null if ingest-service named none. */
  public String field() {
    return field;
  }
}
