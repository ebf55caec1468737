package io.demostream.control.cloud;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Cloud Storage bucket for Dataflow staging and temp files ({@code demostream.storage.*}), used
 * with {@code demostream.launcher=dataflow}.
 *
 * @param bucket bucket name; bucket names are global, so it usually carries the project id.
 *     Required with the Dataflow launcher; may stay blank with the local one
 * @param location bucket location, ideally the Dataflow region's
 * @param tempPrefix object prefix of temporary files, deleted by a lifecycle rule
 * @param tempRetention age after which objects under {@link #tempPrefix} are deleted (whole days)
 * @param stagingPrefix object prefix of the files Dataflow stages for its workers (the pipeline's
 *     jars); outside {@link #tempPrefix}, whose lifecycle rule would delete them under a running
 *     job whose workers start later (autoscaling, VM replacement)
 */
@Validated
@ConfigurationProperties("demostream.storage")
public record StorageProperties(
    @Pattern(regexp = "|[a-z0-9][-a-z0-9_.]{1,61}[a-z0-9]") @DefaultValue("") String bucket,
    @NotBlank @DefaultValue("US") String location,
    @NotBlank @DefaultValue("temp/") String tempPrefix,
    @NotNull @DefaultValue("7d") Duration tempRetention,
    @NotBlank @DefaultValue("staging/") String stagingPrefix) {

  public StorageProperties {
    if (stagingPrefix != null && tempPrefix != null && stagingPrefix.startsWith(tempPrefix)) {
      throw new IllegalArgumentException(
          "demostream.storage.staging-prefix ("
              + stagingPrefix
              + ") lies under demostream.storage.temp-prefix ("
              + tempPrefix
              + "), whose lifecycle rule deletes the staged jars under a running job: choose a"
              + " prefix outside it, e.g. staging/");
    }
  }

  public boolean hasBucket() {
    return !bucket.isBlank();
  }

  /** The {@code gs://} URL of the temp folder, e.g. for Dataflow's temp location. */
  public String tempLocation() {
    return "gs://" + bucket + "/" + tempPrefix;
  }

  /** The {@code gs://} URL of Dataflow's staging folder, never touched by the lifecycle rule. */
  public String stagingLocation() {
    return "gs://" + bucket + "/" + stagingPrefix;
  }

  /** Lifecycle rules count age in whole days; at least one. */
  public int tempRetentionDays() {
    return (int) Math.max(1, tempRetention.toDays());
  }
}
