package io.demostream.ingest.api;

import io.demostream.ingest.ingestion.IngestionService;
import io.demostream.ingest.ingestion.IngestionStatus;
import io.demostream.ingest.ingestion.StartCommand;
import io.demostream.ingest.ingestion.StartDefaults;
import io.demostream.ingest.source.ReplayFiles;
import io.demostream.ingest.source.SourceSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Starts, stops and reports ingestion; see {@link IngestionService}. */
@RestController
@RequestMapping("/api/v1/ingestion")
class IngestionController {

  private final IngestionService ingestion;
  private final StartDefaults defaults;
  private final ReplayFiles replayFiles;

  IngestionController(IngestionService ingestion, StartDefaults defaults, ReplayFiles replayFiles) {
    this.ingestion = ingestion;
    this.defaults = defaults;
    this.replayFiles = replayFiles;
  }

  @GetMapping
  @Operation(summary = "The current or last run: state, source, counts, circuit, last error")
  IngestionStatus status() {
    return ingestion.status();
  }

  /**
   * Starts a run: 202 with the new status, 409 if one is active, 400 naming a bad field. With
   * {@code dryRun=true} it validates the request exactly as a start would and answers 200 with the
   * normalized request (the source's settings with every default filled in), starting nothing.
   */
  @PostMapping("/start")
  @Operation(
      summary = "Start a run, or with dryRun=true only validate the request",
      responses = {
        @ApiResponse(
            responseCode = "202",
            description = "started; the new status",
            content = @Content(schema = @Schema(implementation = IngestionStatus.class))),
        @ApiResponse(
            responseCode = "200",
            description = "dryRun=true: the request is valid; the normalized request it would run",
            content = @Content(schema = @Schema(implementation = StartRequest.class))),
        @ApiResponse(responseCode = "400", description = "a field is invalid; 'field' names it"),
        @ApiResponse(responseCode = "409", description = "a run is active (not for dryRun)")
      })
  ResponseEntity<Object> start(
      @Valid @RequestBody(required = false) StartRequest request,
      @Parameter(description = "validate only: nothing starts, nothing is fetched or published")
          @RequestParam(defaultValue = "false")
          boolean dryRun) {
    StartCommand command =
        request == null ? StartCommand.defaults() : request.toCommand(defaults.defaultSource());
    if (dryRun) {
      SourceSettings settings = defaults.resolve(command);
      if (settings.replay() != null) {
        replayFiles.check(settings.replay().file());
      }
      return ResponseEntity.ok(StartRequest.normalized(settings, command.duration()));
    }
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(ingestion.start(command));
  }

  /** Stops fetching; the run drains its in-flight publishes and then shows STOPPED. */
  @PostMapping("/stop")
  @Operation(summary = "Stop the run; it drains its in-flight publishes, then shows STOPPED")
  ResponseEntity<IngestionStatus> stop() {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(ingestion.stop());
  }
}
