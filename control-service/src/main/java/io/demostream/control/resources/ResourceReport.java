package io.demostream.control.resources;

import java.util.List;

/**
 * The answer of {@link ResourceService}: every resource of the environment, in provisioning order.
 *
 * @param projectId the Google Cloud project the names refer to
 * @param launcher {@code local} or {@code dataflow}
 * @param warehouse {@code jdbc} or {@code bigquery}
 */
public record ResourceReport(
    String projectId, String launcher, String warehouse, List<ResourceState> resources) {

  public ResourceReport {
    resources = List.copyOf(resources);
  }

  /** Whether any resource was created, updated or deleted by the call. */
  public boolean changedAnything() {
    return resources.stream().anyMatch(ResourceState::changed);
  }
}
