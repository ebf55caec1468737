package io.demostream.control.jobs;

import io.demostream.control.warehouse.WarehouseProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with a configuration that cannot work, saying what to set, instead of failing at
 * the first launch or, worse, working against the wrong project:
 *
 * <ul>
 *   <li>the Dataflow launcher with the embedded H2 warehouse: Dataflow's workers would be handed a
 *       file path on this machine;
 *   <li>the local default project id {@code demo-project} without an emulator while launching on
 *       Dataflow, writing to BigQuery or running in Kubernetes: a forgotten {@code
 *       GOOGLE_CLOUD_PROJECT}.
 * </ul>
 */
@Component
class LaunchConfigurationCheck implements InitializingBean {

  /** The project id application.yml falls back to for local runs. */
  static final String LOCAL_DEFAULT_PROJECT = "demo-project";

  private final LauncherProperties launcher;
  private final WarehouseProperties warehouse;
  private final PipelineTarget target;
  private final Environment environment;

  LaunchConfigurationCheck(
      LauncherProperties launcher,
      WarehouseProperties warehouse,
      PipelineTarget target,
      Environment environment) {
    this.launcher = launcher;
    this.warehouse = warehouse;
    this.target = target;
    this.environment = environment;
  }

  @Override
  public void afterPropertiesSet() {
    List<String> problems =
        problems(
            launcher.usesDataflow(),
            warehouse,
            target.projectId(),
            target.usesEmulator(),
            environment.getProperty("KUBERNETES_SERVICE_HOST") != null);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "control-service cannot start with this configuration:\n- "
              + String.join("\n- ", problems));
    }
  }

  static List<String> problems(
      boolean dataflow,
      WarehouseProperties warehouse,
      String projectId,
      boolean emulator,
      boolean kubernetes) {
    List<String> problems = new ArrayList<>();
    if (dataflow && !warehouse.usesBigQuery() && embeddedOrH2(warehouse)) {
      problems.add(
          "demostream.launcher=dataflow cannot write to the embedded H2 warehouse: set"
              + " demostream.warehouse.type=bigquery (DEMOSTREAM_WAREHOUSE_TYPE), or"
              + " demostream.warehouse.jdbc-url to a PostgreSQL database the Dataflow workers"
              + " reach");
    }
    boolean cloud = dataflow || warehouse.usesBigQuery() || kubernetes;
    if (cloud && !emulator && LOCAL_DEFAULT_PROJECT.equals(projectId)) {
      problems.add(
          "the project id is the local default "
              + LOCAL_DEFAULT_PROJECT
              + (kubernetes ? " in Kubernetes" : "")
              + (dataflow ? " with demostream.launcher=dataflow" : "")
              + (warehouse.usesBigQuery() ? " with demostream.warehouse.type=bigquery" : "")
              + ": set GOOGLE_CLOUD_PROJECT (or spring.cloud.gcp.project-id) to your project,"
              + " or spring.cloud.gcp.pubsub.emulator-host for a local run");
    }
    return problems;
  }

  private static boolean embeddedOrH2(WarehouseProperties warehouse) {
    return warehouse.embedded() || warehouse.jdbcUrl().startsWith("jdbc:h2:");
  }
}
