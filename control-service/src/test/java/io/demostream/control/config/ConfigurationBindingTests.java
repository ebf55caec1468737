package io.demostream.control.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.control.cloud.PubSubProperties;
import io.demostream.control.cloud.StorageProperties;
import io.demostream.control.jobs.LauncherProperties;
import io.demostream.control.jobs.flinkcluster.FlinkClusterProperties;
import io.demostream.control.jobs.flinkoperator.FlinkOperatorProperties;
import io.demostream.control.local.LocalProperties;
import io.demostream.control.resources.ResourcesProperties;
import io.demostream.control.warehouse.BigQueryProperties;
import io.demostream.control.warehouse.WarehouseProperties;
import io.demostream.support.security.ApiSecurityProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binding of the {@code demostream.*} records, from application.yml and from overrides. */
class ConfigurationBindingTests {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({
    LauncherProperties.class,
    WarehouseProperties.class,
    LocalProperties.class,
    PubSubProperties.class,
    BigQueryProperties.class,
    StorageProperties.class,
    ApiSecurityProperties.class,
    ResourcesProperties.class,
    FlinkClusterProperties.class,
    FlinkOperatorProperties.class
  })
  static class Properties {}

  /** Loads the real application.yml, as the application does. */
  private final ApplicationContextRunner withApplicationYaml =
      new ApplicationContextRunner()
          .withInitializer(new ConfigDataApplicationContextInitializer())
          .withUserConfiguration(Properties.class);

  /** Only the records' own defaults. */
  private final ApplicationContextRunner recordDefaults =
      new ApplicationContextRunner().withUserConfiguration(Properties.class);

  @Test
  void warehouseTypeAndItsJdbcUrlBindTogether() {
    recordDefaults
        .withPropertyValues(
            "demostream.warehouse.type=jdbc",
            "demostream.warehouse.jdbc-url=jdbc:postgresql://db:5432/warehouse",
            "demostream.warehouse.username=pipeline")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              WarehouseProperties warehouse = context.getBean(WarehouseProperties.class);
              assertThat(warehouse.type()).isEqualTo(WarehouseProperties.Type.JDBC);
              assertThat(warehouse.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/warehouse");
              assertThat(warehouse.username()).isEqualTo("pipeline");
              assertThat(warehouse.effectiveJdbcUrl(Path.of("ignored")))
                  .isEqualTo("jdbc:postgresql://db:5432/warehouse");
            });
  }

  @Test
  void overridesOfApplicationYamlSwitchToBigQueryAndDataflow() {
    withApplicationYaml
        .withPropertyValues(
            "demostream.warehouse.type=bigquery",
            "demostream.launcher=dataflow",
            "demostream.bigquery.location=EU")
        .run(
            context -> {
              assertThat(context.getBean(WarehouseProperties.class).usesBigQuery()).isTrue();
              assertThat(context.getBean(LauncherProperties.class).usesDataflow()).isTrue();
              assertThat(context.getBean(BigQueryProperties.class).location()).isEqualTo("EU");
            });
  }

  @Test
  void applicationYamlDefaultsToLocalLauncherAndEmbeddedWarehouse() {
    withApplicationYaml.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(LauncherProperties.class).launcher())
              .isEqualTo(LauncherProperties.Launcher.LOCAL);
          LocalProperties local = context.getBean(LocalProperties.class);
          Path dataDir = local.dataDir();
          assertThat(dataDir.normalize()).isEqualTo(Path.of("data"));
          assertThat(local.pipelineJar())
              .isEqualTo(Path.of("pipeline/target/pipeline-bundled.jar"));
          assertThat(local.source()).isEqualTo("pubsub");
          assertThat(local.jvmOptions()).containsExactly("-Xmx1g");
          assertThat(local.drainTimeout()).isEqualTo(Duration.ofSeconds(60));
          assertThat(local.runner()).isEqualTo("flink");
          assertThat(local.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
          assertThat(local.maxRestarts()).isEqualTo(5);
          assertThat(local.restartBackoff()).isEqualTo(Duration.ofSeconds(5));
          FlinkClusterProperties flink = context.getBean(FlinkClusterProperties.class);
          assertThat(flink.restUrl()).hasToString("http://localhost:8081");
          assertThat(flink.jarId()).isEmpty();
          assertThat(flink.parallelism()).isNull();
          assertThat(flink.savepointDir()).isEmpty();
          assertThat(flink.maxAttempts()).isEqualTo(4);
          WarehouseProperties warehouse = context.getBean(WarehouseProperties.class);
          assertThat(warehouse.type()).isEqualTo(WarehouseProperties.Type.JDBC);
          assertThat(warehouse.embedded()).isTrue();
          assertThat(warehouse.effectiveJdbcUrl(dataDir))
              .isEqualTo(
                  "jdbc:h2:file:"
                      + Path.of("data").toAbsolutePath().resolve("warehouse")
                      + ";AUTO_SERVER=TRUE");
          PubSubProperties pubSub = context.getBean(PubSubProperties.class);
          assertThat(pubSub.topic()).isEqualTo("users");
          assertThat(pubSub.subscription()).isEqualTo("users-pipeline");
          assertThat(pubSub.ackDeadline()).isEqualTo(Duration.ofSeconds(60));
          assertThat(pubSub.messageRetention()).isEqualTo(Duration.ofDays(7));
          BigQueryProperties bigQuery = context.getBean(BigQueryProperties.class);
          assertThat(bigQuery.dataset()).isEqualTo("demostream");
          assertThat(bigQuery.location()).isEqualTo("US");
          assertThat(context.getBean(StorageProperties.class).bucket())
              .isEqualTo("demo-project-demostream");
          assertThat(context.getBean(ApiSecurityProperties.class).hasApiToken()).isFalse();
          assertThat(context.getEnvironment().getProperty("server.port")).isEqualTo("8080");
          assertThat(context.getEnvironment().getProperty("management.server.port"))
              .isEqualTo("9080");
          assertThat(
                  context.getEnvironment().getProperty("management.endpoints.web.exposure.include"))
              .isEqualTo("health,info,prometheus");
        });
  }

  @Test
  void recordDefaultsMatchTheDocumentedOnes() {
    recordDefaults.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(LauncherProperties.class).launcher())
              .isEqualTo(LauncherProperties.Launcher.LOCAL);
          assertThat(context.getBean(WarehouseProperties.class).type())
              .isEqualTo(WarehouseProperties.Type.JDBC);
          assertThat(context.getBean(LocalProperties.class).source()).isEqualTo("pubsub");
          assertThat(context.getBean(PubSubProperties.class).topic()).isEqualTo("users");
          assertThat(context.getBean(BigQueryProperties.class).dataset()).isEqualTo("demostream");
          assertThat(context.getBean(StorageProperties.class).tempPrefix()).isEqualTo("temp/");
          assertThat(context.getBean(ApiSecurityProperties.class).openReads()).isTrue();
        });
  }

  @Test
  void ackDeadlineOutsidePubSubLimitsFailsStartup() {
    recordDefaults
        .withPropertyValues("demostream.pubsub.ack-deadline=5s")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("ack-deadline must be between 10s and 600s"));
  }

  @Test
  void unknownWarehouseTypeFailsStartup() {
    recordDefaults
        .withPropertyValues("demostream.warehouse.type=snowflake")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void flinkLauncherAndItsClusterBindFromOverrides() {
    withApplicationYaml
        .withPropertyValues(
            "demostream.launcher=flink",
            "demostream.flink.rest-url=http://flink-jobmanager:8081",
            "demostream.flink.jar-id=abc_pipeline-bundled.jar",
            "demostream.flink.parallelism=4",
            "demostream.flink.savepoint-dir=gs://bucket/savepoints",
            "demostream.local.runner=direct")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(LauncherProperties.class).launcher())
                  .isEqualTo(LauncherProperties.Launcher.FLINK);
              FlinkClusterProperties flink = context.getBean(FlinkClusterProperties.class);
              assertThat(flink.restUrl()).hasToString("http://flink-jobmanager:8081");
              assertThat(flink.jarId()).isEqualTo("abc_pipeline-bundled.jar");
              assertThat(flink.parallelism()).isEqualTo(4);
              assertThat(flink.savepointDir()).isEqualTo("gs://bucket/savepoints");
              assertThat(context.getBean(LocalProperties.class).runner()).isEqualTo("direct");
            });
  }

  @Test
  void flinkOperatorLauncherAndItsDeploymentsBindFromOverrides() {
    withApplicationYaml
        .withPropertyValues(
            "demostream.launcher=flink-operator",
            "demostream.flink-operator.namespace=pipelines",
            "demostream.flink-operator.image=registry.example/pipeline-flink:2",
            "demostream.flink-operator.savepoint-dir=gs://bucket/savepoints",
            "demostream.flink-operator.flink-configuration[execution.checkpointing.timeout]=5m")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(LauncherProperties.class).launcher())
                  .isEqualTo(LauncherProperties.Launcher.FLINK_OPERATOR);
              assertThat(context.getBean(LauncherProperties.class).launcher().configName())
                  .isEqualTo("flink-operator");
              FlinkOperatorProperties operator = context.getBean(FlinkOperatorProperties.class);
              assertThat(operator.namespace()).isEqualTo("pipelines");
              assertThat(operator.image()).isEqualTo("registry.example/pipeline-flink:2");
              assertThat(operator.savepointDir()).isEqualTo("gs://bucket/savepoints");
              assertThat(operator.flinkVersion()).isEqualTo("v1_19");
              assertThat(operator.jarUri())
                  .isEqualTo("local:///opt/flink/usrlib/pipeline-bundled.jar");
              assertThat(operator.flinkConfiguration())
                  .containsEntry("execution.checkpointing.timeout", "5m");
            });
  }

  @Test
  void unknownLocalRunnerFailsStartup() {
    recordDefaults
        .withPropertyValues("demostream.local.runner=spark")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void unknownLocalSourceFailsStartup() {
    recordDefaults
        .withPropertyValues("demostream.local.source=kafka")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void apiTokenNeverAppearsInToString() {
    recordDefaults
        .withPropertyValues(
            "demostream.security.api-token=s3cret-token", "demostream.warehouse.password=pw-123")
        .run(
            context -> {
              assertThat(context.getBean(ApiSecurityProperties.class).toString())
                  .doesNotContain("s3cret-token");
              assertThat(context.getBean(WarehouseProperties.class).toString())
                  .doesNotContain("pw-123");
            });
  }
}
