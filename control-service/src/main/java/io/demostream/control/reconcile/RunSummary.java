package io.demostream.control.reconcile;

/**
 * What a run published and what its pipeline incarnation made of it.
 *
 * @param published messages ingest-service published during the run (its status's {@code
 *     messagesPublished})
 * @param counted users the run's pipeline incarnation counted; {@code null} when its windows cannot
 *     be counted exactly
 * @param deadLettered messages it dead-lettered
 * @param droppedLate users its pipeline dropped beyond the allowed lateness, as the runner counts
 *     them (counted nowhere else); {@code null} when the runner's figures could not be read
 * @param reconciled {@code published == counted + deadLettered + droppedLate}
 * @param countedFrom how {@code counted} was read
 * @param incarnationId the pipeline incarnation ({@code job_id}) the figures are for
 */
public record RunSummary(
    long published,
    Long counted,
    long deadLettered,
    Long droppedLate,
    boolean reconciled,
    String countedFrom,
    String incarnationId) {

  public static RunSummary of(
      long published, IncarnationCounts counts, Long droppedLate, String incarnationId) {
    Long accounted = counts.accountedFor();
    long dropped = droppedLate == null ? 0 : droppedLate;
    return new RunSummary(
        published,
        counts.counted(),
        counts.deadLettered(),
        droppedLate,
        accounted != null && accounted + dropped == published,
        counts.countedFrom(),
        incarnationId);
  }
}
