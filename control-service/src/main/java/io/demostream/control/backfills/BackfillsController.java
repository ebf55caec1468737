package io.demostream.control.backfills;

import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Backfills over REST: start one over files, follow its job, read its counts and reconcile. */
@RestController
@RequestMapping("/api/v1/backfills")
class BackfillsController {

  private final BackfillService backfills;

  BackfillsController(BackfillService backfills) {
    this.backfills = backfills;
  }

  /** Accepts a backfill and launches its job; 202 with the backfill, which runs on its own. */
  @PostMapping
  ResponseEntity<Backfill> start(@RequestBody BackfillRequest request) {
    Backfill backfill = backfills.start(request);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/backfills/" + backfill.id()))
        .body(backfill);
  }

  @GetMapping
  List<Backfill> list() {
    return backfills.list();
  }

  @GetMapping("/{id}")
  Backfill get(@PathVariable String id) {
    return backfills.get(id);
  }
}
