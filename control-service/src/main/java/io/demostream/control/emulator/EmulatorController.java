package io.demostream.control.emulator;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The emulator's memory estimate, for the dashboard's status strip and for curl: 204 when the
 * service does not talk to the emulator, so the page asks without logging an error anywhere.
 */
@RestController
@RequestMapping("/api/v1/local/emulator")
@Tag(name = "local")
class EmulatorController {

  private final ObjectProvider<EmulatorWatch> watch;

  EmulatorController(ObjectProvider<EmulatorWatch> watch) {
    this.watch = watch;
  }

  @Operation(
      summary =
          "The Pub/Sub emulator's estimated heap: messages held since its subscription was last"
              + " recreated, and whether it is about to run out")
  @ApiResponse(responseCode = "200", description = "the estimate")
  @ApiResponse(responseCode = "204", description = "not on the Pub/Sub emulator")
  @GetMapping
  ResponseEntity<EmulatorMemoryEstimate> estimate() {
    EmulatorWatch current = watch.getIfAvailable();
    return current == null
        ? ResponseEntity.noContent().build()
        : ResponseEntity.ok(current.current());
  }
}
