package io.demostream.control.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code config} holds only what is cross-cutting: features depend on it, never the other way
 * round. A source scan, so that a forbidden import fails here with the file and line that added it.
 */
class ConfigPackageTests {

  private static final Path CONFIG_SOURCES = Path.of("src/main/java/io/demostream/control/config");
  private static final Pattern PROJECT_REFERENCE =
      Pattern.compile("io\\.demostream\\.control\\.(?!config\\b)([a-z]+)");

  @Test
  void configImportsNoFeaturePackage() throws IOException {
    List<String> offending;
    try (Stream<Path> files = Files.list(CONFIG_SOURCES)) {
      offending =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .flatMap(ConfigPackageTests::featureReferences)
              .toList();
    }
    assertThat(offending).as("feature references in config/").isEmpty();
  }

  @Test
  void theScanSeesAFeatureReference() {
    Matcher matcher = PROJECT_REFERENCE.matcher("import io.demostream.control.runs.RunService;");
    assertThat(matcher.find()).isTrue();
    assertThat(PROJECT_REFERENCE.matcher("package io.demostream.control.config;").find()).isFalse();
  }

  private static Stream<String> featureReferences(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return java.util.stream.IntStream.range(0, lines.size())
          .filter(i -> PROJECT_REFERENCE.matcher(lines.get(i)).find())
          .mapToObj(i -> file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).strip());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
