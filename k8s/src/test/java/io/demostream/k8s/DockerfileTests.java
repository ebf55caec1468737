package io.demostream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every base image of every Dockerfile is pinned: a version tag or a digest, never {@code :latest}
 * or no tag (which means latest), so that a rebuild gives the same image. The Flex Template
 * launcher base uses Google's release tags ({@code flex_templates_base_image_release_DATE_RCnn}).
 */
class DockerfileTests {

  private static final Pattern FROM =
      Pattern.compile(
          "^FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?",
          Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
  private static final Pattern LAUNCHER_RELEASE =
      Pattern.compile(
          "gcr\\.io/dataflow-templates-base/java17-template-launcher-base"
              + "(:flex_templates_base_image_release_\\d{8}_RC\\d{2}(@sha256:[0-9a-f]{64})?|@sha256:[0-9a-f]{64})");

  @Test
  void everyBaseImageIsPinned() throws Exception {
    List<Path> dockerfiles;
    try (Stream<Path> files = Files.list(Manifests.REPOSITORY)) {
      dockerfiles =
          files
              .flatMap(dir -> Stream.of(dir.resolve("Dockerfile"), dir.resolve("Dockerfile.flink")))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    }
    assertThat(dockerfiles).contains(Manifests.REPOSITORY.resolve("pipeline/Dockerfile.flink"));
    assertThat(dockerfiles)
        .extracting(p -> p.getParent().getFileName().toString())
        .contains("pipeline", "ingest-service", "control-service");
    for (Path dockerfile : dockerfiles) {
      for (String image : baseImages(Manifests.read(dockerfile))) {
        assertThat(pinned(image)).as("%s: FROM %s", dockerfile, image).isTrue();
      }
    }
  }

  @Test
  void theFlexTemplateLauncherIsAGoogleRelease() {
    List<String> images =
        baseImages(Manifests.read(Manifests.REPOSITORY.resolve("pipeline/Dockerfile")));
    assertThat(images).hasSize(1);
    assertThat(images.get(0)).matches(LAUNCHER_RELEASE);
  }

  @Test
  void latestAndUntaggedImagesAreRejected() {
    assertThat(pinned("gcr.io/dataflow-templates-base/java17-template-launcher-base:latest"))
        .isFalse();
    assertThat(pinned("gcr.io/dataflow-templates-base/java17-template-launcher-base")).isFalse();
    assertThat(pinned("localhost:5000/image")).isFalse();
    assertThat(pinned("eclipse-temurin:17-jre")).isTrue();
    assertThat(pinned("localhost:5000/image:1.2")).isTrue();
    assertThat(pinned("busybox@sha256:" + "a".repeat(64))).isTrue();
  }

  /** The external images a Dockerfile builds FROM (its own stages excluded). */
  static List<String> baseImages(String dockerfile) {
    List<String> images = new ArrayList<>();
    Set<String> stages = new HashSet<>();
    Matcher from = FROM.matcher(dockerfile);
    while (from.find()) {
      if (!stages.contains(from.group(1))) {
        images.add(from.group(1));
      }
      if (from.group(2) != null) {
        stages.add(from.group(2));
      }
    }
    return images;
  }

  static boolean pinned(String image) {
    if (image.matches(".*@sha256:[0-9a-f]{64}")) {
      return true;
    }
    String lastPart = image.substring(image.lastIndexOf('/') + 1);
    int colon = lastPart.indexOf(':');
    return colon > 0 && !lastPart.substring(colon + 1).equals("latest");
  }
}
