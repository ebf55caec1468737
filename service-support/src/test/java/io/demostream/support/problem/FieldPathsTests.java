package io.demostream.support.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldPathsTests {

  record Job(Integer windowSize) {}

  record Request(List<Integer> nationalities, Job job) {}

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void namesAListElementByItsIndex() {
    JsonMappingException failure = failureOf("{\"nationalities\":[1,\"x\"]}");

    assertThat(FieldPaths.of(failure)).contains("nationalities[1]");
  }

  @Test
  void namesANestedFieldWithDots() {
    JsonMappingException failure = failureOf("{\"job\":{\"windowSize\":\"soon\"}}");

    assertThat(FieldPaths.of(failure)).contains("job.windowSize");
  }

  @Test
  void aDocumentOfTheWrongShapeNamesNoField() {
    JsonMappingException failure = failureOf("[1,2]");

    assertThat(FieldPaths.of(failure)).isEmpty();
  }

  private JsonMappingException failureOf(String body) {
    return catchThrowableOfType(
        JsonMappingException.class, () -> json.readValue(body, Request.class));
  }
}
