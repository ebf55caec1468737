package io.demostream.control.resources;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One resource in a {@link ResourceReport}.
 *
 * @param name full name, e.g. {@code projects/p/topics/users} or {@code
 *     p.demostream.window_summary}
 * @param detail why it was updated, or why it is not applicable; null when there is nothing to say
 */
public record ResourceState(
    ResourceKind kind,
    String name,
    ResourceStatus status,
    @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {

  static ResourceState of(ResourceKind kind, String name, ResourceStatus status) {
    return new ResourceState(kind, name, status, null);
  }

  /** EXISTED or MISSING, as a describe reports a resource. */
  static ResourceState ofExistence(ResourceKind kind, String name, boolean exists) {
    return of(kind, name, exists ? ResourceStatus.EXISTED : ResourceStatus.MISSING);
  }

  /** Whether this call changed the resource. */
  public boolean changed() {
    return status == ResourceStatus.CREATED
        || status == ResourceStatus.UPDATED
        || status == ResourceStatus.DELETED;
  }
}
