package io.demostream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.ingest.testing.UnreachablePubSub;
import io.demostream.support.testing.OpenApiAuthenticationCheck;
import io.demostream.support.testing.OpenApiAuthenticationCheck.Operation;
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
      "spring.cloud.gcp.project-id=demo-project",
      "management.server.port=0",
      "demostream.security.api-token=openapi-test-token"
    })
class OpenApiAuthenticationTests {

  @LocalServerPort private int port;

  @DynamicPropertySource
  static void unreachablePubSub(DynamicPropertyRegistry registry) {
    UnreachablePubSub.register(registry);
  }

  @Test
  void everyMutatingOperationOfTheOpenApiDocumentAnswers401WithoutOrWithAWrongToken()
      throws Exception {
    List<Operation> checked =
        OpenApiAuthenticationCheck.onLocalPort(port).assertEveryMutatingOperationNeedsAToken();

    assertThat(checked)
        .contains(
            new Operation("POST", "/api/v1/ingestion/start"),
            new Operation("POST", "/api/v1/ingestion/stop"),
            new Operation("POST", "/api/v1/events"));
  }
}
