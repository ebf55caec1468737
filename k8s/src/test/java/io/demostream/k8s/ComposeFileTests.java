package io.demostream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docker-compose.yml and the services' Dockerfiles, checked without a Docker engine: they parse,
 * and every port, health check and environment variable matches what the applications really serve
 * and bind (read from their application.yml, not copied); images run as a non-root user; secrets
 * come only from the uncommitted {@code .env}.
 */
class ComposeFileTests {

  private static final Path COMPOSE = Manifests.REPOSITORY.resolve("docker-compose.yml");
  private static final JsonNode SERVICES = Manifests.readYaml(COMPOSE).path("services");
  // Keys that Spring Boot and Spring Cloud GCP define themselves; application.yml need not repeat
  // them for compose to set them.
  private static final Set<String> FRAMEWORK_VARIABLES =
      Set.of(
          "SPRING_DATASOURCE_USERNAME",
          "SPRING_DATASOURCE_PASSWORD",
          "SPRING_CLOUD_GCP_PROJECTID",
          "SPRING_CLOUD_GCP_PUBSUB_EMULATORHOST");
  private static final Pattern SECRET_NAME = Pattern.compile("TOKEN|PASSWORD|SECRET");
  private static final Pattern FROM_ENV_FILE = Pattern.compile("\\$\\{([A-Z_]+):\\?[^}]*}");

  @Test
  void theLocalStackHasEveryPart() {
    assertThat(names(SERVICES))
        .containsExactlyInAnyOrder(
            "pubsub-emulator",
            "postgres",
            "ingest-service",
            "control-service",
            "prometheus",
            "grafana");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest-service", "control-service"})
  void servicePublishesItsApiAndManagementPorts(String service) {
    SpringConfiguration config = SpringConfiguration.of(service);
    List<String> containerPorts = new ArrayList<>();
    SERVICES
        .path(service)
        .path("ports")
        .forEach(port -> containerPorts.add(port.asText().replaceAll(".*:", "")));

    assertThat(containerPorts)
        .contains(String.valueOf(config.serverPort()), String.valueOf(config.managementPort()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest-service", "control-service"})
  void healthCheckProbesTheReadinessGroupOnTheManagementPort(String service) {
    SpringConfiguration config = SpringConfiguration.of(service);
    String check = SERVICES.path(service).path("healthcheck").path("test").toString();

    assertThat(config.hasHealthGroup("readiness")).isTrue();
    assertThat(check)
        .contains(
            "http://localhost:"
                + config.managementPort()
                + config.actuatorBasePath()
                + "/health/readiness");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest-service", "control-service"})
  void everyEnvironmentVariableBindsARealConfigurationKey(String service) {
    SpringConfiguration config = SpringConfiguration.of(service);

    assertThat(names(SERVICES.path(service).path("environment")))
        .isNotEmpty()
        .allSatisfy(
            variable ->
                assertThat(
                        FRAMEWORK_VARIABLES.contains(variable)
                            || config.bindsEnvironmentVariable(variable))
                    .as("%s binds a key of %s's configuration", variable, service)
                    .isTrue());
  }

  @Test
  void servicesStartOnlyWhenWhatTheyNeedIsHealthy() {
    SERVICES
        .fields()
        .forEachRemaining(
            service ->
                service
                    .getValue()
                    .path("depends_on")
                    .fields()
                    .forEachRemaining(
                        dependency -> {
                          assertThat(dependency.getValue().path("condition").asText())
                              .as("%s depends on %s", service.getKey(), dependency.getKey())
                              .isEqualTo("service_healthy");
                          assertThat(SERVICES.path(dependency.getKey()).has("healthcheck"))
                              .as("%s has a health check", dependency.getKey())
                              .isTrue();
                        }));
  }

  @Test
  void secretsComeOnlyFromTheUncommittedEnvFile() {
    String envExample = Manifests.read(Manifests.REPOSITORY.resolve(".env.example"));
    List<String> secrets = new ArrayList<>();
    SERVICES
        .fields()
        .forEachRemaining(
            service ->
                service
                    .getValue()
                    .path("environment")
                    .fields()
                    .forEachRemaining(
                        variable -> {
                          if (!SECRET_NAME.matcher(variable.getKey()).find()) {
                            return;
                          }
                          Matcher reference = FROM_ENV_FILE.matcher(variable.getValue().asText());
                          assertThat(reference.matches())
                              .as("%s of %s is ${VAR:?...}", variable.getKey(), service.getKey())
                              .isTrue();
                          secrets.add(reference.group(1));
                        }));

    assertThat(secrets).isNotEmpty();
    assertThat(secrets).allSatisfy(name -> assertThat(envExample).contains(name + "="));
    assertThat(Manifests.read(Manifests.REPOSITORY.resolve(".gitignore")).lines()).contains(".env");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest-service", "control-service"})
  void imageIsAMultiStageBuildRunningAsNonRootOnAJre(String service) {
    SpringConfiguration config = SpringConfiguration.of(service);
    String dockerfile = SERVICES.path(service).path("build").path("dockerfile").asText();
    List<String> lines =
        Manifests.read(Manifests.REPOSITORY.resolve(dockerfile)).lines().map(String::trim).toList();
    List<String> stages = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    List<String> runtime =
        lines.subList(lines.lastIndexOf(stages.get(stages.size() - 1)), lines.size());

    assertThat(stages).hasSizeGreaterThanOrEqualTo(2);
    assertThat(stages.get(stages.size() - 1)).contains("-jre");
    assertThat(runtime)
        .filteredOn(l -> l.startsWith("USER "))
        .singleElement()
        .satisfies(user -> assertThat(user).doesNotContain("root").doesNotMatch("USER 0(:.*)?"));
    assertThat(runtime)
        .filteredOn(l -> l.startsWith("EXPOSE "))
        .singleElement()
        .satisfies(
            expose ->
                assertThat(expose.split("\\s+"))
                    .contains(
                        String.valueOf(config.serverPort()),
                        String.valueOf(config.managementPort())));
  }

  @Test
  void ingestServiceRunsWithTheParallelCollector() {
    assertThat(Manifests.read(Manifests.REPOSITORY.resolve("ingest-service/Dockerfile")))
        .contains("-XX:+UseParallelGC");
  }

  @Test
  void prometheusScrapesBothManagementPortsByServiceName() {
    String config =
        Manifests.readYaml(Manifests.REPOSITORY.resolve("observability/prometheus/prometheus.yml"))
            .toString();

    for (String service : List.of("ingest-service", "control-service")) {
      assertThat(config).contains(service + ":" + SpringConfiguration.of(service).managementPort());
    }
  }

  private static List<String> names(JsonNode object) {
    return StreamSupport.stream(((Iterable<String>) object::fieldNames).spliterator(), false)
        .toList();
  }
}
