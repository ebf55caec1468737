package io.demostream.ingest.publish;

import io.demostream.support.startup.GoogleCloudEnvironment;
import io.demostream.support.startup.StartupConfigurationCheck;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when users could never be published, before any bean (and so any Pub/Sub client)
 * is created, listing every problem at once ({@link StartupConfigurationCheck}): on the real
 * Pub/Sub (no {@code spring.cloud.gcp.pubsub.emulator-host}), a project must be known (set, or from
 * Google Cloud's metadata server) and Google credentials must be found. Without this, the service
 * started and failed every publish.
 */
@Component
class PubSubConfigurationCheck extends StartupConfigurationCheck {

  PubSubConfigurationCheck() {
    super("ingest-service");
  }

  @Override
  protected List<String> problems(Environment environment) {
    GoogleCloudEnvironment google = new GoogleCloudEnvironment(environment);
    List<String> problems = new ArrayList<>();
    if (google.usesPubSubEmulator()) {
      return problems;
    }
    boolean pubSubProject =
        !environment.getProperty("spring.cloud.gcp.pubsub.project-id", "").isBlank();
    // On Google Cloud the metadata server gives the project.
    if (google.projectId().isBlank() && !pubSubProject && !google.onGoogleCloud()) {
      problems.add(
          "no Google Cloud project is set for the Pub/Sub topic: set GOOGLE_CLOUD_PROJECT (or"
              + " spring.cloud.gcp.project-id), or spring.cloud.gcp.pubsub.emulator-host"
              + " (SPRING_CLOUD_GCP_PUBSUB_EMULATORHOST) to publish to the emulator");
    }
    google
        .credentialsProblem("publishing to Pub/Sub without the emulator")
        .ifPresent(problems::add);
    return problems;
  }
}
