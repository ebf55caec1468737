package io.demostream.control.jobs;

import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The pipeline job over REST: start, list, look up, cancel, drain and upgrade. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobsController {

  private final JobService jobs;

  JobsController(JobService jobs) {
    this.jobs = jobs;
  }

  /** Starts the pipeline; an absent or empty body means the defaults. 409 if a job is active. */
  @PostMapping
  ResponseEntity<JobView> start(@RequestBody(required = false) StartJobRequest request) {
    JobView job = jobs.start(request == null ? StartJobRequest.defaults() : request);
    return ResponseEntity.created(URI.create("/api/v1/jobs/" + job.id())).body(job);
  }

  @GetMapping
  List<JobView> list() {
    return jobs.list();
  }

  @GetMapping("/{id}")
  JobView get(@PathVariable String id) {
    return jobs.get(id);
  }

  @PostMapping("/{id}/cancel")
  JobView cancel(@PathVariable String id) {
    return jobs.cancel(id);
  }

  @PostMapping("/{id}/drain")
  JobView drain(@PathVariable String id) {
    return jobs.drain(id);
  }

  /**
   * Upgrades a running job in place through a savepoint, on a new image when the body names one
   * ({@code {"image": "..."}}; absent: the same image, restarted). 409 where the launcher cannot
   * (only {@code flink-operator} can) or the job is not running. Answers at once: the job's state
   * shows the upgrade.
   */
  @Operation(
      summary = "Upgrade a running job in place through a savepoint",
      description =
          "Stops the job with a savepoint (no drain) and restores it, on the image the body names"
              + " or, without a body, on the same image restarted. Only the flink-operator"
              + " launcher can; the others answer 409 (conflict), as does a job that is not"
              + " running. Answers at once; the job's state shows the upgrade.")
  @PostMapping("/{id}/upgrade")
  JobView upgrade(
      @PathVariable String id, @RequestBody(required = false) UpgradeJobRequest request) {
    return jobs.upgrade(id, request == null ? null : request.image());
  }

  /** The body of an upgrade: the new image, or none for a restart on the same one. */
  record UpgradeJobRequest(String image) {}
}
