package io.demostream.ingest.api;

import io.demostream.ingest.config.IngestProperties;
import io.demostream.ingest.ingestion.IngestionService;
import io.demostream.ingest.ingestion.IngestionStatus;
import io.demostream.ingest.ingestion.StartCommand;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Starts, stops and reports ingestion; see {@link IngestionService}. */
@RestController
@RequestMapping("/api/v1/ingestion")
class IngestionController {

  private final IngestionService ingestion;
  private final IngestProperties properties;

  IngestionController(IngestionService ingestion, IngestProperties properties) {
    this.ingestion = ingestion;
    this.properties = properties;
  }

  @GetMapping
  IngestionStatus status() {
    return ingestion.status();
  }

  /** Starts a run; 202 with the new status, 409 if one is active, 400 naming a bad field. */
  @PostMapping("/start")
  ResponseEntity<IngestionStatus> start(
      @Valid @RequestBody(required = false) StartRequest request) {
    StartCommand command =
        request == null ? StartCommand.defaults() : request.toCommand(properties.source());
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(ingestion.start(command));
  }

  /** Stops fetching; the run drains its in-flight publishes and then shows STOPPED. */
  @PostMapping("/stop")
  ResponseEntity<IngestionStatus> stop() {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(ingestion.stop());
  }
}
