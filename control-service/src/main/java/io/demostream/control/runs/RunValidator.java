package io.demostream.control.runs;

import io.demostream.control.ingest.IngestClient;
import io.demostream.control.ingest.IngestRequestInvalidException;
import io.demostream.support.problem.InvalidRequestException;
import java.util.Map;

/**
 * Checks every parameter of a run before anything is recorded, provisioned or launched: the job's
 * with the jobs feature's own rules, the ingestion's by ingest-service's dry run (its rules live
 * there only). A refusal names the run's field at fault: {@code job.windowSize}, {@code
 * requestsPerSecond}, {@code durationMinutes}...
 */
class RunValidator {

  /** ingest-service's names for the members the run spells differently. */
  private static final Map<String, String> RUN_FIELDS =
      Map.of("durationSeconds", "durationMinutes");

  private final IngestClient ingest;

  RunValidator(IngestClient ingest) {
    this.ingest = ingest;
  }

  /**
   * @throws InvalidRequestException naming the run's field at fault
   * @throws io.demostream.control.ingest.IngestClientException when ingest-service cannot answer
   */
  void validate(RunRequest request) {
    request.jobParameters();
    try {
      ingest.validate(request.ingestionRequest());
    } catch (IngestRequestInvalidException e) {
      throw new InvalidRequestException(runField(e.field()), e.getMessage());
    }
  }

  /** The run's name for a member of the ingestion request: the same, but for a few. */
  static String runField(String ingestField) {
    if (ingestField == null || ingestField.isBlank()) {
      return "ingestion";
    }
    String head = ingestField.split("[.\\[]", 2)[0];
    String mapped = RUN_FIELDS.get(head);
    return mapped == null ? ingestField : mapped + ingestField.substring(head.length());
  }
}
