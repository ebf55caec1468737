package io.demostream.support.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class GoogleCloudEnvironmentTests {

  @TempDir Path home;

  private MockEnvironment environment() {
    // A home without gcloud's well-known file, whatever this machine has.
    return new MockEnvironment().withProperty("user.home", home.toString());
  }

  @Test
  void noCredentialsAnywhereIsAProblemSayingWhatToDo() {
    assertThat(new GoogleCloudEnvironment(environment()).credentialsProblem("the launcher"))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .contains("the launcher needs them")
                    .contains("gcloud auth application-default login")
                    .contains("GOOGLE_APPLICATION_CREDENTIALS"));
  }

  @Test
  void aKeyFileThatDoesNotExistIsAProblemNamingIt() {
    MockEnvironment environment =
        environment().withProperty("GOOGLE_APPLICATION_CREDENTIALS", "/nonexistent/key.json");

    assertThat(new GoogleCloudEnvironment(environment).credentialsProblem("x"))
        .hasValueSatisfying(problem -> assertThat(problem).contains("/nonexistent/key.json"));
  }

  @Test
  void aKeyFileGcloudsWellKnownFileOrKubernetesAreCredentials() throws IOException {
    Path key = Files.writeString(home.resolve("key.json"), "{}");
    assertThat(
            new GoogleCloudEnvironment(
                    environment().withProperty("GOOGLE_APPLICATION_CREDENTIALS", key.toString()))
                .credentialsProblem("x"))
        .isEmpty();

    Path gcloud = Files.createDirectories(home.resolve(".config/gcloud"));
    Files.writeString(gcloud.resolve("application_default_credentials.json"), "{}");
    assertThat(new GoogleCloudEnvironment(environment()).credentialsProblem("x")).isEmpty();

    MockEnvironment pod =
        new MockEnvironment()
            .withProperty("user.home", home.resolve("elsewhere").toString())
            .withProperty("KUBERNETES_SERVICE_HOST", "10.0.0.1");
    assertThat(new GoogleCloudEnvironment(pod).credentialsProblem("x")).isEmpty();
  }

  @Test
  void theProjectIsSpringCloudGcpsOrGoogleCloudProject() {
    assertThat(new GoogleCloudEnvironment(environment()).projectId()).isEmpty();
    assertThat(
            new GoogleCloudEnvironment(environment().withProperty("GOOGLE_CLOUD_PROJECT", "p-1"))
                .projectId())
        .isEqualTo("p-1");
    assertThat(
            new GoogleCloudEnvironment(
                    environment()
                        .withProperty("GOOGLE_CLOUD_PROJECT", "p-1")
                        .withProperty("spring.cloud.gcp.project-id", "p-2"))
                .projectId())
        .isEqualTo("p-2");
  }
}
