package io.demostream.control.resources;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/resources}: ensure (PUT), describe (GET) and tear down (DELETE). */
@RestController
@RequestMapping("/api/v1/resources")
@Tag(name = "resources", description = "Pub/Sub, warehouse and Cloud Storage resources")
class ResourcesController {

  private final ResourceService resources;

  ResourcesController(ResourceService resources) {
    this.resources = resources;
  }

  @PutMapping
  @Operation(
      summary = "Ensure every resource exists with the configured settings",
      description = "Idempotent: a second call reports existed for every resource.")
  ResourceReport ensure() {
    return resources.ensure();
  }

  @GetMapping
  @Operation(summary = "Report which resources exist")
  ResourceReport describe() {
    return resources.describe();
  }

  @DeleteMapping
  @Operation(
      summary = "Delete every resource",
      description = "Refused with 409 while a pipeline job is active.")
  ResourceReport delete(
      @Parameter(description = "The project id, to confirm the teardown")
          @RequestParam(name = "confirm", required = false)
          String confirm) {
    return resources.delete(confirm);
  }
}
