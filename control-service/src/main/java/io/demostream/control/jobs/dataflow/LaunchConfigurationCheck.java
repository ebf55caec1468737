package io.demostream.control.jobs.dataflow;

import io.demostream.control.jobs.LauncherProperties;
import io.demostream.control.warehouse.WarehouseProperties;
import io.demostream.support.startup.GoogleCloudEnvironment;
import io.demostream.support.startup.StartupConfigurationCheck;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with a configuration that cannot work, saying what to set, instead of failing at
 * the first launch or, worse, working against the wrong project. It runs before any bean is created
 * ({@link StartupConfigurationCheck}), so before any Google client, and lists every problem at
 * once:
 *
 * <ul>
 *   <li>the Dataflow launcher with the embedded H2 warehouse: Dataflow's workers would be handed a
 *       file path on this machine;
 *   <li>the local default project id {@code demo-project} without an emulator while launching on
 *       Dataflow, writing to BigQuery or running in Kubernetes: a forgotten {@code
 *       GOOGLE_CLOUD_PROJECT};
 *   <li>the Dataflow launcher without {@code demostream.dataflow.template-spec-path};
 *   <li>no Application Default Credentials (or a key file that is not there) while launching on
 *       Dataflow, writing to BigQuery or using the real Pub/Sub in Kubernetes.
 * </ul>
 */
@Component
class LaunchConfigurationCheck extends StartupConfigurationCheck {

  /** The project id application.yml falls back to for local runs. */
  static final String LOCAL_DEFAULT_PROJECT = "demo-project";

  LaunchConfigurationCheck() {
    super("control-service");
  }

  /**
   * Every problem at once, from the environment: nothing is created yet, so the properties are
   * bound here as Spring will bind them.
   */
  @Override
  protected List<String> problems(Environment environment) {
    Binder binder = Binder.get(environment);
    boolean dataflow = binder.bindOrCreate("demostream", LauncherProperties.class).usesDataflow();
    WarehouseProperties warehouse =
        binder.bindOrCreate("demostream.warehouse", WarehouseProperties.class);
    GoogleCloudEnvironment google = new GoogleCloudEnvironment(environment);
    List<String> problems =
        new ArrayList<>(
            problems(
                dataflow,
                warehouse,
                google.projectId(),
                google.usesPubSubEmulator(),
                google.inKubernetes()));
    if (dataflow
        && binder
            .bindOrCreate("demostream.dataflow", DataflowProperties.class)
            .templateSpecPath()
            .isBlank()) {
      problems.add(
          "demostream.launcher=dataflow needs the Flex Template spec: set"
              + " demostream.dataflow.template-spec-path (DEMOSTREAM_DATAFLOW_TEMPLATESPECPATH) to"
              + " its gs:// path, as docs/DATAFLOW.md builds it");
    }
    String needsGoogle =
        dataflow
            ? "demostream.launcher=dataflow"
            : warehouse.usesBigQuery()
                ? "demostream.warehouse.type=bigquery"
                : google.inKubernetes() && !google.usesPubSubEmulator()
                    ? "Pub/Sub without the emulator"
                    : null;
    if (needsGoogle != null) {
      google.credentialsProblem(needsGoogle).ifPresent(problems::add);
    }
    return problems;
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
