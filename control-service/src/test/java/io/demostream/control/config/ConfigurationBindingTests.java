package io.demostream.control.config;

import static org.assertj.core.api.Assertions.assertThat;

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
    DeploymentProperties.class,
    WarehouseProperties.class,
    LocalDataProperties.class,
    PubSubProperties.class,
    BigQueryProperties.class,
    StorageProperties.class,
    ApiSecurityProperties.class,
    ResourcesProperties.class
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
  void warehouseKindAndItsJdbcUrlBindTogether() {
    recordDefaults
        .withPropertyValues(
            "demostream.warehouse=jdbc",
            "demostream.warehouse.jdbc-url=jdbc:postgresql://db:5432/warehouse",
            "demostream.warehouse.username=pipeline")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(DeploymentProperties.class).warehouse())
                  .isEqualTo(DeploymentProperties.Warehouse.JDBC);
              WarehouseProperties warehouse = context.getBean(WarehouseProperties.class);
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
            "demostream.warehouse=bigquery",
            "demostream.launcher=dataflow",
            "demostream.bigquery.location=EU")
        .run(
            context -> {
              DeploymentProperties deployment = context.getBean(DeploymentProperties.class);
              assertThat(deployment.usesBigQuery()).isTrue();
              assertThat(deployment.usesDataflow()).isTrue();
              assertThat(context.getBean(BigQueryProperties.class).location()).isEqualTo("EU");
            });
  }

  @Test
  void applicationYamlDefaultsToLocalLauncherAndEmbeddedWarehouse() {
    withApplicationYaml.run(
        context -> {
          assertThat(context).hasNotFailed();
          DeploymentProperties deployment = context.getBean(DeploymentProperties.class);
          assertThat(deployment.launcher()).isEqualTo(DeploymentProperties.Launcher.LOCAL);
          assertThat(deployment.warehouse()).isEqualTo(DeploymentProperties.Warehouse.JDBC);
          Path dataDir = context.getBean(LocalDataProperties.class).dataDir();
          assertThat(dataDir.normalize()).isEqualTo(Path.of("data"));
          WarehouseProperties warehouse = context.getBean(WarehouseProperties.class);
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
          assertThat(context.getBean(DeploymentProperties.class).launcher())
              .isEqualTo(DeploymentProperties.Launcher.LOCAL);
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
  void unknownWarehouseKindFailsStartup() {
    recordDefaults
        .withPropertyValues("demostream.warehouse=snowflake")
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
