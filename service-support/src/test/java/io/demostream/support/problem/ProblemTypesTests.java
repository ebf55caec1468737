package io.demostream.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

class ProblemTypesTests {

  @Test
  void everyTypeIsADemostreamUrn() {
    ProblemDetail problem =
        ProblemTypes.problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", "busy");

    assertThat(problem.getType()).hasToString("urn:demostream:problem:conflict");
    assertThat(problem.getStatus()).isEqualTo(409);
    assertThat(problem.getTitle()).isEqualTo("Conflict");
    assertThat(problem.getDetail()).isEqualTo("busy");
  }

  @Test
  void invalidRequestNamesTheField() {
    ProblemDetail problem = ProblemTypes.invalidRequest("windowSize", "must be at least 1s");

    assertThat(problem.getType()).hasToString("urn:demostream:problem:invalid-request");
    assertThat(problem.getStatus()).isEqualTo(400);
    assertThat(problem.getProperties()).containsEntry("field", "windowSize");
  }

  @Test
  void invalidRequestWithoutAFieldHasNoFieldProperty() {
    ProblemDetail problem = ProblemTypes.invalidRequest(null, "not JSON");

    assertThat(problem.getProperties()).isNull();
  }
}
