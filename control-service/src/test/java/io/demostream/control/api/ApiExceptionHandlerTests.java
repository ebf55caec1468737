package io.demostream.control.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.storage.StorageException;
import io.demostream.control.resources.ResourceKind;
import io.demostream.control.resources.ResourceOperationException;
import io.demostream.support.problem.InvalidRequestException;
import io.grpc.Status;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Every failure becomes a problem with a stable type, the field at fault and no stack trace. */
@WebMvcTest(
    useDefaultFilters = false,
    includeFilters =
        @Filter(
            type = FilterType.ASSIGNABLE_TYPE,
            classes = {ApiExceptionHandler.class}))
@AutoConfigureMockMvc(addFilters = false)
@Import(ApiExceptionHandlerTests.FailingController.class)
class ApiExceptionHandlerTests {

  @Autowired MockMvc mvc;

  record Body(@Max(5000) int results) {}

  /** Throws what the path names. */
  @RestController
  static class FailingController {

    @GetMapping("/test/{fault}")
    String fail(@PathVariable String fault) {
      throw switch (fault) {
        case "bigquery-403" -> new BigQueryException(403, "Access Denied: Dataset demo-project:x");
        case "bigquery-409" -> new BigQueryException(409, "Already Exists: Dataset x");
        case "bigquery-rate-limit" ->
            new BigQueryException(
                403,
                "Exceeded rate limits",
                new com.google.cloud.bigquery.BigQueryError(
                    "rateLimitExceeded", "global", "Exceeded rate limits"));
        case "storage-429" -> new StorageException(429, "rate limited");
        case "grpc-permission" ->
            ApiExceptionFactory.createException(
                new RuntimeException("PERMISSION_DENIED: User not authorized"),
                GrpcStatusCode.of(Status.Code.PERMISSION_DENIED),
                false);
        case "grpc-quota" ->
            ApiExceptionFactory.createException(
                new RuntimeException("RESOURCE_EXHAUSTED: quota"),
                GrpcStatusCode.of(Status.Code.RESOURCE_EXHAUSTED),
                true);
        case "grpc-unavailable" ->
            ApiExceptionFactory.createException(
                new RuntimeException("UNAVAILABLE: io exception"),
                GrpcStatusCode.of(Status.Code.UNAVAILABLE),
                true);
        case "wrapped-403" ->
            new ResourceOperationException(
                ResourceKind.BIGQUERY_DATASET,
                "demo-project.demostream",
                new BigQueryException(403, "Access Denied"));
        case "conflict" ->
            new ConflictException("A job is running", Map.of("jobId", "demostream-abc123"));
        case "not-found" -> new NotFoundException("No job 42");
        case "invalid" -> new InvalidRequestException("confirm", "confirm is required");
        default -> new IllegalStateException("secret internal detail at com.example.Internal");
      };
    }

    @GetMapping("/test-param")
    String param(@RequestParam int count) {
      return "ok " + count;
    }

    @PostMapping("/test-body")
    String body(@Valid @RequestBody Body body) {
      return "ok";
    }
  }

  @Test
  void bigQueryPermissionDeniedIs403WithStableType() throws Exception {
    mvc.perform(get("/test/bigquery-403"))
        .andExpect(status().isForbidden())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:gcp-permission-denied"))
        .andExpect(jsonPath("$.detail").value(containsString("Access Denied")));
  }

  @Test
  void bigQueryRateLimitReportedAs403Is429AsItIsRetried() throws Exception {
    mvc.perform(get("/test/bigquery-rate-limit"))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().exists("Retry-After"));
  }

  @Test
  void grpcPermissionDeniedIs403() throws Exception {
    mvc.perform(get("/test/grpc-permission"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:gcp-permission-denied"));
  }

  @Test
  void quotaFaultsAre429WithRetryAfter() throws Exception {
    mvc.perform(get("/test/grpc-quota"))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().exists("Retry-After"))
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:gcp-quota-exceeded"));
    mvc.perform(get("/test/storage-429")).andExpect(status().isTooManyRequests());
  }

  @Test
  void unavailableIs503WithRetryAfter() throws Exception {
    mvc.perform(get("/test/grpc-unavailable"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "30"))
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:gcp-unavailable"));
  }

  @Test
  void wrappedGoogleFaultKeepsItsStatusAndNamesTheResource() throws Exception {
    mvc.perform(get("/test/wrapped-403"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:gcp-permission-denied"))
        .andExpect(jsonPath("$.resourceKind").value("bigquery-dataset"))
        .andExpect(jsonPath("$.resourceName").value("demo-project.demostream"));
  }

  @Test
  void otherGoogleFaultsAreBadGateway() throws Exception {
    mvc.perform(get("/test/bigquery-409"))
        .andExpect(status().isBadGateway())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:gcp-error"));
  }

  @Test
  void conflictCarriesItsProperties() throws Exception {
    mvc.perform(get("/test/conflict"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:conflict"))
        .andExpect(jsonPath("$.jobId").value("demostream-abc123"));
  }

  @Test
  void notFoundAndInvalidRequestHaveTheirTypes() throws Exception {
    mvc.perform(get("/test/not-found"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:not-found"));
    mvc.perform(get("/test/invalid"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$.field").value("confirm"));
  }

  @Test
  void missingParameterNamesTheField() throws Exception {
    mvc.perform(get("/test-param"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$.field").value("count"));
    mvc.perform(get("/test-param?count=many"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("count"));
  }

  @Test
  void invalidBodyNamesTheField() throws Exception {
    mvc.perform(
            post("/test-body")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"results\":6000}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$.field").value("results"))
        .andExpect(jsonPath("$.errors[0].field").value("results"));
    mvc.perform(
            post("/test-body")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"results\":\"lots\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("results"));
  }

  @Test
  void unexpectedErrorsRevealNoInternals() throws Exception {
    mvc.perform(get("/test/boom"))
        .andExpect(status().isInternalServerError())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:internal"))
        .andExpect(content().string(not(containsString("IllegalStateException"))))
        .andExpect(content().string(not(containsString("secret internal detail"))))
        .andExpect(content().string(not(containsString("at com."))));
  }

  @Test
  void unknownPathGetsAStableTypeToo() throws Exception {
    mvc.perform(post("/test/boom"))
        .andExpect(status().isMethodNotAllowed())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:method-not-allowed"));
  }
}
