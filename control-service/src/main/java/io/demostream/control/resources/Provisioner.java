package io.demostream.control.resources;

import java.util.List;

/**
 * Provisions the resources of one service. Every method is idempotent: {@link #ensure()} twice
 * reports {@code existed} the second time, {@link #delete()} of what is gone reports {@code
 * missing}.
 */
interface Provisioner {

  /** Creates what is missing, updates what differs from the configuration. */
  List<ResourceState> ensure();

  /** Reports what exists, changing nothing. */
  List<ResourceState> describe();

  /** Deletes everything this provisioner creates, in dependency order. */
  List<ResourceState> delete();

  /** Lists this provisioner's top-level resources as not applicable, calling no service. */
  List<ResourceState> notApplicable(String reason);
}
