/**
 * Backfills over REST ({@code /api/v1/backfills}): history in files counted by the same pipeline in
 * batch, as its own incarnation, through the configured launcher. A backfill is refused before it
 * starts when its range overlaps windows another incarnation counted or may still count; once its
 * job ends, its counts and its reconcile are recorded like a run's.
 */
package io.demostream.control.backfills;
