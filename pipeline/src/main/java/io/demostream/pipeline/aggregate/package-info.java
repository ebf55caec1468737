/**
 * The three demographic aggregates, each a {@link org.apache.beam.sdk.transforms.Combine.CombineFn}
 * with an explicit accumulator coder (so Dataflow lifts the combine before the shuffle), and their
 * conversion into warehouse rows that carry window and pane.
 */
package io.demostream.pipeline.aggregate;
