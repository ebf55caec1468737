package io.demostream.control.jobs;

import java.util.Optional;

/**
 * Tells {@link ResourceService} whether a pipeline job is active, so resources are not deleted
 * under it. Implemented by the jobs feature; without an implementation, delete is not blocked.
 */
public interface ActiveJobCheck {

  /** The id of the active (not terminal) job, if any. */
  Optional<String> activeJobId();
}
