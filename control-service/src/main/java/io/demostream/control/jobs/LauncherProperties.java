package io.demostream.control.jobs;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which runner starts the pipeline ({@code demostream.launcher}).
 *
 * @param launcher {@code local} (the pipeline jar as a child process), {@code dataflow} (a Flex
 *     Template job on Google Cloud Dataflow) or {@code flink} (the pipeline jar submitted to a
 *     Flink cluster, {@code demostream.flink.*})
 */
@Validated
@ConfigurationProperties("demostream")
public record LauncherProperties(@NotNull @DefaultValue("local") Launcher launcher) {

  /** Where the pipeline runs. */
  public enum Launcher {
    LOCAL,
    DATAFLOW,
    FLINK
  }

  public boolean usesDataflow() {
    return launcher == Launcher.DATAFLOW;
  }
}
