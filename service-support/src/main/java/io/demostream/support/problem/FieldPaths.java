package io.demostream.support.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Names the request field a JSON body failed on, as a client wrote it: {@code nationalities[1]},
 * {@code job.windowSize}. Used for the {@link ProblemTypes#FIELD} of a 400.
 */
public final class FieldPaths {

  private FieldPaths() {}

  /** The field of an unreadable body, or empty when the body is not JSON at all. */
  public static Optional<String> of(HttpMessageNotReadableException ex) {
    return ex.getCause() instanceof JsonMappingException mapping ? of(mapping) : Optional.empty();
  }

  /** The path of a mapping failure, or empty when it failed on the document itself. */
  public static Optional<String> of(JsonMappingException mapping) {
    if (mapping.getPath().isEmpty()) {
      return Optional.empty();
    }
    String path =
        mapping.getPath().stream()
            .map(
                reference ->
                    reference.getFieldName() != null
                        ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    return Optional.of(path);
  }
}
