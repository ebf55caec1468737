package io.demostream.control.jobs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Dataflow launcher ({@code demostream.dataflow.*}), used with {@code
 * demostream.launcher=dataflow}.
 *
 * @param region Dataflow regional endpoint the job runs in and is looked up in
 * @param templateSpecPath {@code gs://} path of the Flex Template spec file built from the pipeline
 *     image; required to launch
 * @param serviceAccount worker service account email; blank means the project's default compute
 *     account
 * @param maxWorkers default upper bound of autoscaling, overridable per start request
 * @param streamingEngine run the streaming shuffle and state in the Streaming Engine service
 */
@Validated
@ConfigurationProperties("demostream.dataflow")
public record DataflowProperties(
    @NotBlank @DefaultValue("us-central1") String region,
    @DefaultValue("") String templateSpecPath,
    @DefaultValue("") String serviceAccount,
    @Min(1) @Max(1000) @DefaultValue("3") int maxWorkers,
    @DefaultValue("true") boolean streamingEngine) {}
