package io.demostream.control.reconcile;

/**
 * What a run published and what its pipeline incarnation made of it.
 *
 * @param published messages ingest-service published during the run (its status's {@code
 *     messagesPublished})
 * @param counted users the run's pipeline incarnation counted; {@code null} when its windows cannot
 *     be counted exactly
 * @param deadLettered messages it dead-lettered
 * @param reconciled {@code published == counted + deadLettered}
 * @param countedFrom how {@code counted} was read
 * @param incarnationId the pipeline incarnation ({@code job_id}) the figures are for
 */
public record RunSummary(
    long published,
    Long counted,
    long deadLettered,
    boolean reconciled,
    String countedFrom,
    String incarnationId) {

  public static RunSummary of(long published, IncarnationCounts counts, String incarnationId) {
    Long accounted = counts.accountedFor();
    return new RunSummary(
        published,
        counts.counted(),
        counts.deadLettered(),
        accounted != null && accounted == published,
        counts.countedFrom(),
        incarnationId);
  }
}
