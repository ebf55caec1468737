/**
 * The backfill: the pipeline in batch over files of the contract's JSONL format ({@link
 * io.demostream.events.UserEventLine}), read by {@link
 * io.demostream.pipeline.backfill.ReadUserEventFiles}, limited to an explicit {@link
 * io.demostream.pipeline.backfill.BackfillRange} that {@link
 * io.demostream.pipeline.backfill.BackfillOverlap} refuses when another incarnation already counted
 * windows in it.
 */
package io.demostream.pipeline.backfill;
