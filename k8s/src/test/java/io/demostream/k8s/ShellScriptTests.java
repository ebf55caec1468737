package io.demostream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shell script a user or CI runs ({@code run-local.sh}, {@code deploy/}, {@code bench/},
 * {@code .ci/}, the deploy test's stand-ins) is shellcheck-clean, as the style guide asks: found by
 * its bash shebang, so a new script is checked without being listed.
 */
class ShellScriptTests {

  @Test
  void everyScriptOfTheRepositoryIsFound() throws IOException {
    assertThat(scripts())
        .extracting(path -> Manifests.REPOSITORY.relativize(path).toString())
        .contains("run-local.sh", "deploy/gcp.sh", "bench/soak.sh", ".ci/run", ".ci/smoke.sh");
  }

  @Test
  void everyScriptIsShellcheckClean() throws Exception {
    assumeTrue(onPath("shellcheck"), "shellcheck is not installed");
    List<String> command = new ArrayList<>(List.of("shellcheck", "--external-sources"));
    scripts().forEach(path -> command.add(path.toString()));
    Process process =
        new ProcessBuilder(command)
            .directory(Manifests.REPOSITORY.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("shellcheck:\n%s", out).isZero();
  }

  private static List<Path> scripts() throws IOException {
    List<Path> scripts = new ArrayList<>();
    Files.walkFileTree(
        Manifests.REPOSITORY,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            String name = dir.getFileName().toString();
            return Set.of(".git", ".mvn", "target", "node_modules").contains(name)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (attributes.isRegularFile() && isBashScript(file)) {
              scripts.add(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    scripts.sort(null);
    return scripts;
  }

  private static boolean isBashScript(Path path) {
    try (var reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String first = reader.readLine();
      return first != null && first.startsWith("#!") && first.contains("bash");
    } catch (IOException | java.io.UncheckedIOException e) {
      return false; // binary or unreadable: not a script
    }
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
