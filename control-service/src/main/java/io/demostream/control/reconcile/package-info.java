/**
 * Whether a run counted what it published: the users its pipeline incarnation counted and
 * dead-lettered in the warehouse ({@link io.demostream.control.reconcile.WarehouseCounts}), the
 * subscription's backlog that a drain waits for ({@link
 * io.demostream.control.reconcile.SubscriptionBacklog}, {@link
 * io.demostream.control.reconcile.BacklogWait}), and the run's summary ({@link
 * io.demostream.control.reconcile.RunSummary}). The runs feature uses it; it knows nothing of runs.
 */
package io.demostream.control.reconcile;
