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

  @Test
  void springsOwnProblemsGetTheStatusAsKind() {
    ProblemDetail methodNotAllowed = ProblemDetail.forStatus(HttpStatus.METHOD_NOT_ALLOWED);
    ProblemDetail badRequest = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
    ProblemDetail unknown = ProblemDetail.forStatus(599);

    ProblemTypes.ensureType(methodNotAllowed);
    ProblemTypes.ensureType(badRequest);
    ProblemTypes.ensureType(unknown);

    assertThat(methodNotAllowed.getType()).hasToString("urn:demostream:problem:method-not-allowed");
    assertThat(badRequest.getType()).hasToString("urn:demostream:problem:invalid-request");
    assertThat(unknown.getType()).hasToString("urn:demostream:problem:http-599");
  }

  @Test
  void aProblemWithATypeKeepsIt() {
    ProblemDetail problem =
        ProblemTypes.problem(HttpStatus.CONFLICT, ProblemTypes.INGESTION_ACTIVE, "Active", "busy");

    ProblemTypes.ensureType(problem);

    assertThat(problem.getType()).hasToString("urn:demostream:problem:ingestion-active");
  }
}
