package io.demostream.control.api;

import java.util.Map;

/**
 * Implemented by exceptions that know what their failed operation was about (for example which
 * resource); {@link ApiExceptionHandler} adds these properties to the problem, whatever its type.
 */
public interface ProblemContext {

  Map<String, Object> problemProperties();
}
