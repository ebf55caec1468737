package io.demostream.support.startup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.core.env.Environment;

/**
 * What the services need to know about Google Cloud before creating any Google client, from the
 * Spring environment alone (which includes the process environment): the project, whether Pub/Sub
 * is the emulator, whether they run in Kubernetes, and whether Application Default Credentials can
 * be found. No network: the credentials are looked up where Google's auth library looks, except
 * that on Google Cloud (GKE, Cloud Run, Compute Engine) the metadata server is assumed to provide
 * them rather than asked.
 */
public final class GoogleCloudEnvironment {

  private final Environment environment;

  public GoogleCloudEnvironment(Environment environment) {
    this.environment = environment;
  }

  /** {@code spring.cloud.gcp.project-id}, else {@code GOOGLE_CLOUD_PROJECT}; blank if neither. */
  public String projectId() {
    String configured = environment.getProperty("spring.cloud.gcp.project-id", "");
    return configured.isBlank() ? environment.getProperty("GOOGLE_CLOUD_PROJECT", "") : configured;
  }

  /** Whether {@code spring.cloud.gcp.pubsub.emulator-host} is set. */
  public boolean usesPubSubEmulator() {
    return !environment.getProperty("spring.cloud.gcp.pubsub.emulator-host", "").isBlank();
  }

  /** Whether the service runs in a Kubernetes pod. */
  public boolean inKubernetes() {
    return environment.getProperty("KUBERNETES_SERVICE_HOST") != null;
  }

  /**
   * Why no Application Default Credentials can be found, as a sentence saying what to set; empty
   * when they can be. Looks where Google's auth library does: {@code
   * spring.cloud.gcp.credentials.location} or {@code .encoded-key}, the file {@code
   * GOOGLE_APPLICATION_CREDENTIALS} names, gcloud's well-known file ({@code gcloud auth
   * application-default login}), then the metadata server of Google Cloud (assumed present in
   * Kubernetes, Cloud Run and on Compute Engine).
   *
   * @param why what needs the credentials, e.g. "demostream.launcher=dataflow"
   */
  public Optional<String> credentialsProblem(String why) {
    if (!environment.getProperty("spring.cloud.gcp.credentials.encoded-key", "").isBlank()) {
      return Optional.empty();
    }
    String location = environment.getProperty("spring.cloud.gcp.credentials.location", "");
    if (!location.isBlank()) {
      Path file = Path.of(location.replaceFirst("^file:", ""));
      return Files.isReadable(file)
          ? Optional.empty()
          : Optional.of(
              "spring.cloud.gcp.credentials.location names "
                  + location
                  + ", which is not a readable file: point it at the service account key, or"
                  + " unset it to use Application Default Credentials");
    }
    String named = environment.getProperty("GOOGLE_APPLICATION_CREDENTIALS", "");
    if (!named.isBlank()) {
      return Files.isReadable(Path.of(named))
          ? Optional.empty()
          : Optional.of(
              "GOOGLE_APPLICATION_CREDENTIALS names "
                  + named
                  + ", which is not a readable file, and "
                  + why
                  + " needs Google credentials: point it at a service account key, or unset it"
                  + " and run gcloud auth application-default login");
    }
    if (Files.isReadable(wellKnownFile()) || onGoogleCloud()) {
      return Optional.empty();
    }
    return Optional.of(
        "no Google credentials were found and "
            + why
            + " needs them: run gcloud auth application-default login, or set"
            + " GOOGLE_APPLICATION_CREDENTIALS to a service account key file (on GKE, Workload"
            + " Identity provides them)");
  }

  private Path wellKnownFile() {
    String config = environment.getProperty("CLOUDSDK_CONFIG", "");
    if (!config.isBlank()) {
      return Path.of(config, "application_default_credentials.json");
    }
    String appData = environment.getProperty("APPDATA", "");
    if (!appData.isBlank()) {
      return Path.of(appData, "gcloud", "application_default_credentials.json");
    }
    return Path.of(
        environment.getProperty("user.home", ""),
        ".config",
        "gcloud",
        "application_default_credentials.json");
  }

  /**
   * Whether the service runs where Google Cloud's metadata server answers (and gives the project
   * and credentials): assumed in Kubernetes (GKE), Cloud Run and on Compute Engine.
   */
  public boolean onGoogleCloud() {
    return inKubernetes()
        || environment.getProperty("K_SERVICE") != null
        || environment.getProperty("GCE_METADATA_HOST") != null
        || productName().contains("Google");
  }

  private static String productName() {
    try {
      return Files.readString(Path.of("/sys/class/dmi/id/product_name"));
    } catch (java.io.IOException | RuntimeException e) {
      return "";
    }
  }
}
