package io.demostream.control.runs;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Runs of the whole flow over REST: start one, follow its steps, stop it early. */
@RestController
@RequestMapping("/api/v1/runs")
class RunsController {

  private final RunService runs;

  RunsController(RunService runs) {
    this.runs = runs;
  }

  /** Starts a run; 202 with the run, whose steps then proceed in the background. */
  @PostMapping
  ResponseEntity<RunView> start(@Valid @RequestBody RunRequest request) {
    RunView run = runs.start(request);
    return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + run.id())).body(run);
  }

  @GetMapping
  List<RunView> list() {
    return runs.list();
  }

  @GetMapping("/{id}")
  RunView get(@PathVariable String id) {
    return runs.get(id);
  }

  /** Ends the run early; 202 with the run as it is, stopping in the background. */
  @PostMapping("/{id}/stop")
  ResponseEntity<RunView> stop(@PathVariable String id) {
    return ResponseEntity.accepted().body(runs.stop(id));
  }
}
