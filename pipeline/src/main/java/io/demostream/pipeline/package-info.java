/**
 * The demographics pipeline's entry point ({@link io.demostream.pipeline.DemographicsPipeline}),
 * its options and their up-front validation ({@link io.demostream.pipeline.PipelineConfig}). The
 * steps live in the feature packages: {@code source}, {@code parse}, {@code window}, {@code
 * aggregate}, {@code sink}.
 */
package io.demostream.pipeline;
