package io.demostream.control.reconcile;

/**
 * What one pipeline incarnation wrote to the warehouse.
 *
 * @param counted users counted by the latest pane of each window that {@link WindowTiling} says
 *     counts each user once; {@code null} when the windows cannot be counted exactly
 * @param deadLettered messages the incarnation dead-lettered (rows the warehouse itself rejected
 *     are not messages and are left out)
 * @param countedFrom how {@code counted} was read, in words
 */
public record IncarnationCounts(Long counted, long deadLettered, String countedFrom) {

  /** Users accounted for: counted plus dead-lettered; {@code null} when not counted. */
  public Long accountedFor() {
    return counted == null ? null : counted + deadLettered;
  }
}
