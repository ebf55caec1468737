package io.demostream.control.jobs;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which runner starts the pipeline ({@code demostream.launcher}).
 *
 * @param launcher {@code local} (the pipeline jar as a child process), {@code dataflow} (a Flex
 *     Template job on Google Cloud Dataflow), {@code flink} (the pipeline jar submitted to a Flink
 *     cluster, {@code demostream.flink.*}) or {@code flink-operator} (a FlinkDeployment run by the
 *     Flink Kubernetes Operator, {@code demostream.flink-operator.*})
 */
@Validated
@ConfigurationProperties("demostream")
public record LauncherProperties(@NotNull @DefaultValue("local") Launcher launcher) {

  /** Where the pipeline runs. */
  public enum Launcher {
    LOCAL,
    DATAFLOW,
    FLINK,
    FLINK_OPERATOR;

    /** The name as configured and reported: {@code local}, {@code flink-operator}. */
    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  public boolean usesDataflow() {
    return launcher == Launcher.DATAFLOW;
  }
}
