package io.demostream.control.jobs.dataflow;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
 * @param network VPC network of the workers; blank means the project's {@code default} network
 * @param subnetwork workers' subnetwork, {@code regions/REGION/subnetworks/NAME} or a full URL;
 *     needed for a custom-mode network
 * @param ipConfiguration {@code private}: workers get no public IP (the subnetwork needs Private
 *     Google Access); {@code public}: they get one
 */
@Validated
@ConfigurationProperties("demostream.dataflow")
public record DataflowProperties(
    @NotBlank @DefaultValue("us-central1") String region,
    @DefaultValue("") String templateSpecPath,
    @DefaultValue("") String serviceAccount,
    @Min(1) @Max(1000) @DefaultValue("3") int maxWorkers,
    @DefaultValue("true") boolean streamingEngine,
    @DefaultValue("") String network,
    @DefaultValue("") String subnetwork,
    @NotNull @DefaultValue("private") IpConfiguration ipConfiguration) {

  /** Whether Dataflow workers get public IP addresses. */
  public enum IpConfiguration {
    PRIVATE,
    PUBLIC
  }
}
