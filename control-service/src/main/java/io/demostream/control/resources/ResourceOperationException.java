package io.demostream.control.resources;

import io.demostream.control.api.ProblemContext;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Provisioning of one resource failed; wraps the client's fault (which the API maps to its status)
 * and names the resource in the problem.
 */
public class ResourceOperationException extends RuntimeException implements ProblemContext {

  private final ResourceKind kind;
  private final String name;

  public ResourceOperationException(ResourceKind kind, String name, RuntimeException cause) {
    super(kind.json() + " " + name + ": " + cause.getMessage(), cause);
    this.kind = kind;
    this.name = name;
  }

  /** Runs one step on a resource, naming the resource in whatever fault it raises. */
  static <T> T guard(ResourceKind kind, String name, Supplier<T> step) {
    try {
      return step.get();
    } catch (ResourceOperationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ResourceOperationException(kind, name, e);
    }
  }

  public ResourceKind kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  @Override
  public Map<String, Object> problemProperties() {
    return Map.of("resourceKind", kind.json(), "resourceName", name);
  }
}
