package io.demostream.control.alerts.silences;

import io.demostream.control.api.NotFoundException;
import io.demostream.support.problem.InvalidRequestException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Silences over REST: create (token), list, delete (token). */
@RestController
@RequestMapping("/api/v1/silences")
class SilencesController {

  private final SilenceRepository silences;
  private final Clock clock;

  SilencesController(SilenceRepository silences) {
    this.silences = silences;
    this.clock = Clock.systemUTC();
  }

  @PostMapping
  ResponseEntity<Silence> create(@RequestBody SilenceRequest request) {
    Instant now = clock.instant();
    if (request == null
        || request.matchers() == null
        || (blank(request.matchers().rule()) && blank(request.matchers().series()))) {
      throw new InvalidRequestException(
          "matchers", "A silence needs matchers.rule, matchers.series or both.");
    }
    if (request.endsAt() == null) {
      throw new InvalidRequestException("endsAt", "endsAt is required.");
    }
    Instant startsAt = request.startsAt() == null ? now : request.startsAt();
    if (!request.endsAt().isAfter(startsAt)) {
      throw new InvalidRequestException("endsAt", "endsAt must be after startsAt.");
    }
    Silence silence =
        silences.insert(
            new Silence(
                "silence-" + UUID.randomUUID(),
                blank(request.matchers().rule()) ? null : request.matchers().rule(),
                blank(request.matchers().series()) ? null : request.matchers().series(),
                startsAt,
                request.endsAt(),
                request.comment(),
                now));
    return ResponseEntity.created(URI.create("/api/v1/silences/" + silence.id())).body(silence);
  }

  @GetMapping
  List<Silence> list() {
    return silences.list();
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable String id) {
    if (!silences.delete(id)) {
      throw new NotFoundException("No silence " + id + ".");
    }
    return ResponseEntity.noContent().build();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
