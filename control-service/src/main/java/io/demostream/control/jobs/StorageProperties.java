package io.demostream.control.jobs;

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
 */
@Validated
@ConfigurationProperties("demostream.storage")
public record StorageProperties(
    @Pattern(regexp = "|[a-z0-9][-a-z0-9_.]{1,61}[a-z0-9]") @DefaultValue("") String bucket,
    @NotBlank @DefaultValue("US") String location,
    @NotBlank @DefaultValue("temp/") String tempPrefix,
    @NotNull @DefaultValue("7d") Duration tempRetention) {

  public boolean hasBucket() {
    return !bucket.isBlank();
  }

  /** The {@code gs://} URL of the temp folder, e.g. for Dataflow's temp location. */
  public String tempLocation() {
    return "gs://" + bucket + "/" + tempPrefix;
  }

  /** Lifecycle rules count age in whole days; at least one. */
  public int tempRetentionDays() {
    return (int) Math.max(1, tempRetention.toDays());
  }
}
