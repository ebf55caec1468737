package io.demostream.control.jobs.dataflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.control.warehouse.WarehouseProperties;
import org.junit.jupiter.api.Test;

class LaunchConfigurationCheckTests {

  private static WarehouseProperties jdbc(String url) {
    return new WarehouseProperties(WarehouseProperties.Type.JDBC, url, "", "", 4);
  }

  private static final WarehouseProperties BIGQUERY =
      new WarehouseProperties(WarehouseProperties.Type.BIGQUERY, "", "", "", 4);

  @Test
  void dataflowWithTheEmbeddedWarehouseIsRefusedSayingWhatToSet() {
    assertThat(LaunchConfigurationCheck.problems(true, jdbc(""), "my-project", false, false))
        .singleElement()
        .asString()
        .contains("demostream.launcher=dataflow")
        .contains("demostream.warehouse.type=bigquery");
    assertThat(
            LaunchConfigurationCheck.problems(
                true, jdbc("jdbc:h2:file:/data/w"), "my-project", false, false))
        .hasSize(1);
  }

  @Test
  void dataflowWithBigQueryOrAReachablePostgresIsFine() {
    assertThat(LaunchConfigurationCheck.problems(true, BIGQUERY, "my-project", false, true))
        .isEmpty();
    assertThat(
            LaunchConfigurationCheck.problems(
                true, jdbc("jdbc:postgresql://10.0.0.5/w"), "my-project", false, false))
        .isEmpty();
  }

  @Test
  void theLocalDefaultProjectIsRefusedOnGoogleCloudAndInKubernetes() {
    assertThat(LaunchConfigurationCheck.problems(true, BIGQUERY, "demo-project", false, false))
        .singleElement()
        .asString()
        .contains("GOOGLE_CLOUD_PROJECT");
    assertThat(LaunchConfigurationCheck.problems(false, BIGQUERY, "demo-project", false, false))
        .hasSize(1);
    assertThat(LaunchConfigurationCheck.problems(false, jdbc(""), "demo-project", false, true))
        .singleElement()
        .asString()
        .contains("in Kubernetes");
  }

  @Test
  void theLocalDefaultProjectIsFineLocallyAndOnTheEmulator() {
    assertThat(LaunchConfigurationCheck.problems(false, jdbc(""), "demo-project", false, false))
        .isEmpty();
    // The local overlay: Kubernetes, but on the emulator.
    assertThat(LaunchConfigurationCheck.problems(false, jdbc(""), "demo-project", true, true))
        .isEmpty();
  }
}
