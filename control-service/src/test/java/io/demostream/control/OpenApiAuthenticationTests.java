package io.demostream.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.support.testing.OpenApiAuthenticationCheck;
import io.demostream.support.testing.OpenApiAuthenticationCheck.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every mutating operation of the running service's own OpenAPI document refuses a missing and a
 * wrong token with 401, so an endpoint added later cannot be left open by mistake.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "demostream.security.api-token=openapi-test-token",
      "spring.cloud.gcp.project-id=demo-project",
      "spring.cloud.gcp.pubsub.emulator-host=localhost:8085"
    })
class OpenApiAuthenticationTests {

  @LocalServerPort private int port;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    try {
      Path dataDir = Files.createTempDirectory("control-openapi");
      registry.add("demostream.local.data-dir", dataDir::toString);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyMutatingOperationOfTheOpenApiDocumentAnswers401WithoutOrWithAWrongToken()
      throws Exception {
    List<Operation> checked =
        OpenApiAuthenticationCheck.onLocalPort(port).assertEveryMutatingOperationNeedsAToken();

    assertThat(checked)
        .contains(
            new Operation("PUT", "/api/v1/resources"),
            new Operation("DELETE", "/api/v1/resources"),
            new Operation("POST", "/api/v1/jobs"),
            new Operation("POST", "/api/v1/runs"));
  }
}
